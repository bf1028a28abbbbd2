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
// publishes province-wide notices and assigns host names (never one the
// platform itself answers to: its own, localhost or an IP address).
//
// Surveys for people in the padrón identify the respondent at the entity's
// sede electrónica (certificate or Cl@ve, through the Citizens interface the
// eoffice module offers): the visitor goes to /e/{code}/sede/entrar and
// comes back to /e/{code}/encuestas/{id}/responder. The NIF comes from his
// citizen session, bound to that sede, never from a form: nobody can test
// whether someone else is empadronado, and only the identified person is
// told that he is not. One answer per person: portal_answers keeps an HMAC
// of the document keyed with a server secret (portal_secrets), not the
// document.
//
// Public responses are cached in memory (cache.go) under their path and the
// few query parameters a page reads (cacheParams): junk query strings share
// the page's entry instead of evicting the cache. The provincial DCAT
// catalogue is cached too and rebuilt after any site's change.
//
// Owns tables: portal_sites, portal_items, portal_item_revisions,
// portal_edicts, portal_notices, portal_transparency, portal_tenders,
// portal_tender_events, portal_tender_docs, portal_datasets,
// portal_dataset_files, portal_surveys, portal_questions, portal_answers,
// portal_pois, portal_secrets.
package portal
