// Package portal is the portal web municipal: one public, accessible site
// per entity adhered to the "portal" service, served at /e/{code}/ (the
// 5-digit INE code of a municipality, or the DIR3 of an entity without one)
// and by the entity's own host name (see HostRouter).
//
// Spanish terms: página, noticia, evento (agenda); tablón de anuncios
// electrónico (edicto, diligencia/certificado de exposición pública);
// portal de transparencia (publicidad activa, Ley 19/2013 arts. 6–8);
// perfil del contratante (licitación, contrato menor; importación de la
// Plataforma de Contratación del Sector Público, PLACSP, ATOM + CODICE);
// datos abiertos (catálogo DCAT-AP-ES); encuestas; puntos de interés
// (lugares); avisos provinciales de la Diputación.
//
// Editors are the entity's own staff with a role of the portal application
// in that entity (usuario = colaborador, editor, publicador); the Diputación
// publishes province-wide notices and assigns host names.
package portal
