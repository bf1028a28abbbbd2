package helpdesk

// Texts of the demo tickets: realistic subjects per service, with the
// description and the support answer, in the words the town halls use.

type sample struct{ Subject, Body, Answer string }

var samples = map[string][]sample{
	"padron": {
		{"No puedo emitir el volante de empadronamiento", "Al pulsar «Emitir volante» sale una página en blanco. Ayer funcionaba. Tenemos a un vecino esperando en ventanilla.", "Era la caché del navegador tras la actualización de anoche. Borre los datos de navegación (Ctrl+Mayús+Supr) y vuelva a entrar; ya lo hemos comprobado con su usuario."},
		{"Error al enviar las variaciones mensuales al INE", "El envío de variaciones del mes da el error «fichero rechazado: registro tipo 3 incorrecto».", "Había una fecha de nacimiento incompleta en una inscripción. La hemos corregido con ustedes por teléfono y el fichero ya ha sido aceptado por el INE."},
		{"Alta de un menor sin DNI", "Tenemos que empadronar a un recién nacido y la aplicación exige documento de identidad.", "Para menores sin documento marque «Sin documento» en el tipo y adjunte el libro de familia escaneado. Le dejamos el enlace a la solución en la base de conocimiento."},
		{"Certificado de convivencia con firma caducada", "Los certificados salen con el sello de órgano caducado según el visor de PDF.", "Hemos renovado el certificado de sello de órgano de la entidad. Los documentos nuevos ya salen con la firma válida."},
		{"Cambio de domicilio no aparece en el listado", "Grabamos un cambio de domicilio el lunes y no aparece en el listado de habitantes por calle.", "El listado se genera por la noche. Ya aparece; si necesita verlo al momento use la consulta individual."},
		{"Renovación de empadronamiento de extranjeros", "¿Cómo saco el listado de extranjeros no comunitarios que tienen que renovar la inscripción este trimestre?", "En Informes > Caducidades puede filtrar por fecha; le hemos explicado los pasos por teléfono."},
	},
	"registro": {
		{"El registro de entrada no asigna número", "Al registrar un escrito la aplicación se queda «guardando» y no da número.", "Se había agotado la sesión con el servidor de registro. Reiniciamos el servicio; ya numera con normalidad."},
		{"Escrito en el registro que no llega al departamento", "Registramos un escrito para Urbanismo hace dos días y el departamento no lo ve en su bandeja.", "El destino estaba mal codificado (oficina en lugar de unidad). Hemos reasignado el asiento a Urbanismo."},
		{"Anular un asiento de salida", "Nos equivocamos de destinatario en un asiento de salida. ¿Se puede anular?", "Un asiento no se borra: se anula con diligencia. Le hemos explicado cómo hacerlo y queda constancia en el libro."},
		{"Libro de registro anual en PDF", "Necesitamos el libro de registro de 2023 para el archivo.", "Puede generarlo en Informes > Libro de registro eligiendo el año. Si tarda, se prepara en segundo plano y le avisa."},
	},
	"expedientes": {
		{"No puedo firmar el decreto desde el tramitador", "Al firmar un decreto sale «no se encuentra certificado válido» aunque tengo el certificado instalado.", "Faltaba actualizar AutoFirma a la última versión. Tras instalarla ha podido firmar."},
		{"Crear un procedimiento nuevo de licencia de obra menor", "Queremos tramitar las comunicaciones previas de obra menor en el gestor de expedientes.", "Hemos dado de alta el procedimiento con su plantilla de resolución. Revísenla y nos dicen si hay que cambiar algo."},
		{"Expediente bloqueado por otro usuario", "Un expediente aparece bloqueado por una compañera que está de baja.", "Hemos liberado el bloqueo del expediente. Ya puede trabajar en él."},
		{"Foliado del expediente para el juzgado", "El juzgado pide el expediente foliado e indexado. ¿Cómo se exporta?", "Use «Exportar expediente ENI». Genera el índice firmado; se lo hemos enviado de muestra."},
	},
	"tributos": {
		{"El padrón del IBI no cuadra con la DGC", "Al importar el fichero del Catastro el total no coincide con el del año pasado.", "Faltaban los bienes de características especiales del fichero complementario. Importado, el padrón ya cuadra."},
		{"Recibo de basura duplicado", "A un vecino le han llegado dos recibos de basura del mismo periodo.", "Había dos altas en el mismo objeto tributario. Hemos dado de baja la duplicada y anulado el recibo."},
		{"Domiciliación no cargada en el banco", "El banco ha devuelto el fichero de domiciliaciones por formato incorrecto.", "El fichero se generó con el formato antiguo. Generado de nuevo en SEPA XML; el banco ya lo ha aceptado."},
		{"Alta de tasa de terrazas", "Queremos crear la tasa por ocupación de vía pública con mesas y sillas.", "Creada la tasa con la tarifa de su ordenanza. Pueden empezar a dar de alta los objetos."},
	},
	"contabilidad": {
		{"No cuadra el cierre del ejercicio", "Al hacer el cierre la aplicación da un descuadre de 0,02 € en el remanente.", "Era un redondeo en una operación de IVA. Hemos generado el asiento de ajuste con ustedes y el cierre ya cuadra."},
		{"Remitir la cuenta general a la plataforma del Tribunal", "¿Qué ficheros hay que generar para rendir la cuenta general?", "Desde Rendición > Cuenta General se generan los XBRL. Le hemos acompañado en la primera generación."},
		{"Error al contabilizar una factura de FACe", "La factura recibida por FACe no deja contabilizarse: «tercero inexistente».", "El proveedor no estaba dado de alta como tercero. Alta hecha y factura contabilizada."},
		{"Listado de obligaciones pendientes de pago", "Necesitamos el listado de obligaciones reconocidas pendientes de pago para el informe de morosidad.", "Está en Informes > Periodo medio de pago. Le hemos enviado el trimestre ya generado."},
	},
	"nominas": {
		{"Cálculo de atrasos por la subida salarial", "Con la subida del 0,5 % hay que pagar atrasos desde enero. ¿Cómo se calculan?", "Use el proceso de atrasos indicando el porcentaje y los meses. Lo hemos lanzado en simulación con ustedes."},
		{"El fichero de seguros sociales da error en el Sistema RED", "Al enviar el fichero de cotización sale un error de código de convenio.", "Faltaba el código de convenio de un trabajador nuevo. Corregido y enviado."},
		{"Certificado de retenciones para un trabajador", "Un trabajador pide su certificado de retenciones del año pasado.", "Desde Informes > Certificados 190 se genera por trabajador. Enviado a su correo."},
	},
	"correo": {
		{"No recibo correos desde ayer", "Desde ayer no me llega ningún correo externo al buzón del ayuntamiento.", "El buzón estaba lleno (2 GB). Hemos ampliado la cuota y archivado lo anterior a 2020."},
		{"Alta de un buzón para la nueva concejala", "Necesitamos un buzón para la nueva concejala de Cultura.", "Buzón creado. Le hemos enviado la contraseña provisional en sobre aparte a la secretaría."},
		{"Configurar el correo en el móvil", "¿Cómo configuro el correo del ayuntamiento en un teléfono Android?", "Le dejamos los datos del servidor y la guía paso a paso en la base de conocimiento."},
		{"Correos marcados como spam", "Los correos que enviamos a Gmail llegan a la carpeta de spam.", "Había un registro SPF incompleto en el dominio. Corregido; la entrega a Gmail ya es normal."},
		{"Recuperar un correo borrado", "Borré por error una carpeta con correos de un expediente.", "Hemos restaurado la carpeta desde la copia de la noche anterior."},
	},
	"red": {
		{"Sin conexión a internet en el ayuntamiento", "Desde primera hora no hay conexión en ningún equipo del ayuntamiento.", "Avería en el router del enlace provincial. El operador lo ha sustituido; servicio restablecido."},
		{"La conexión va muy lenta por las tardes", "A partir de las 12 la conexión es muy lenta y no cargan las aplicaciones.", "Un equipo descargaba actualizaciones de forma continua. Hemos limitado su ancho de banda."},
		{"Wifi para el salón de plenos", "Queremos ofrecer wifi en el salón de plenos para la retransmisión.", "Hemos instalado un punto de acceso en una red separada de la municipal."},
	},
	"portal": {
		{"No puedo publicar una noticia en la web", "Al guardar la noticia da un error y se pierde el texto.", "La imagen superaba el tamaño máximo. Redúzcala a menos de 5 MB; hemos publicado la noticia con ustedes."},
		{"Publicar el anuncio en el tablón", "¿Cómo se publica un anuncio en el tablón de edictos con fecha de fin?", "Al crear el anuncio indique la fecha de retirada; se despublica solo y queda la diligencia."},
		{"Cambiar la foto de portada del portal", "Queremos cambiar la imagen de cabecera por una de las fiestas.", "Cambiada. Le explicamos cómo hacerlo desde Apariencia para la próxima vez."},
	},
	"oficina_virtual": {
		{"Un vecino no puede presentar una instancia", "Un vecino dice que la sede le da error al firmar la instancia general con Cl@ve.", "Era una caída temporal de Cl@ve. Ya puede presentarla; si vuelve a ocurrir consulte el estado de Cl@ve."},
		{"Añadir un trámite a la sede", "Queremos que la solicitud de bodas civiles se pueda presentar por la sede.", "Trámite publicado con su formulario. Revisen el texto informativo."},
	},
	"portafirmas": {
		{"Documento atascado en el portafirmas", "Un decreto lleva tres días en la bandeja del alcalde y no avanza.", "Estaba pendiente de un firmante anterior que ya no está en el circuito. Circuito corregido."},
		{"Delegar la firma durante las vacaciones", "El alcalde se va de vacaciones. ¿Cómo delega la firma en el teniente de alcalde?", "Desde Configuración > Delegaciones, indicando fechas. Hecho para las dos semanas."},
	},
	"geiser": {
		{"Asiento de GEISER rechazado por el destino", "Un registro enviado por SIR a la Junta viene rechazado.", "El destino exige el documento firmado en PDF/A. Reenviado correctamente."},
		{"Digitalizar documentación en la oficina de registro", "El escáner no aparece en GEISER al digitalizar.", "Faltaba el componente de digitalización. Instalado en el puesto."},
	},
	"face": {
		{"Factura de FACe no aparece en SicalWin", "Hay una factura en FACe que no ha llegado a la contabilidad.", "La unidad tramitadora era incorrecta. Hemos reasignado la factura y ya está en SicalWin."},
	},
	"fnmt": {
		{"Solicitar certificado de representante", "Necesitamos el certificado de representante de la entidad para la nueva alcaldesa.", "Le hemos dado cita en la oficina de registro de la Diputación con la documentación necesaria."},
		{"Certificado de empleado público caducado", "Mi certificado de empleado público caduca la semana que viene.", "La renovación se pide en la sede de la FNMT; le hemos enviado los pasos."},
	},
	"activos": {
		{"Dar de baja un bien del inventario", "Hay que dar de baja un vehículo que se ha vendido.", "Baja registrada con fecha de enajenación; se refleja en la rectificación anual."},
	},
	"inside": {
		{"Remitir un expediente ENI al juzgado", "El juzgado pide el expediente en formato ENI por InSide.", "Expediente remitido; le enviamos el justificante."},
	},
	"gestiona": {
		{"Alta de usuario en Gestiona", "Necesitamos dar de alta a la nueva auxiliar en Gestiona.", "Alta hecha con los permisos de registro y expedientes."},
	},
	"": {
		{"Consulta sobre la adhesión a un servicio", "¿Qué pasos hay que seguir para adherirse al servicio de nóminas?", "Se solicita desde el catálogo de servicios de Concejo; la alcaldía firma la solicitud. Le hemos enviado el enlace."},
		{"Ordenador que no arranca", "El ordenador de la secretaría no arranca desde esta mañana.", "El operador ha sustituido la fuente de alimentación. Equipo funcionando."},
		{"Impresora que no imprime desde la aplicación", "La impresora imprime desde Word pero no desde las aplicaciones web.", "Se había cambiado la impresora predeterminada del navegador. Configurada de nuevo."},
	},
}

// userReplies are what requesters write back.
var userReplies = []string{"Muchas gracias, ya funciona.", "Perfecto, lo probamos mañana y os decimos.",
	"Sigue pasando en otro equipo, ¿podéis mirarlo?", "Adjunto captura del error.", "Gracias por la rapidez.",
	"Ya lo hemos hecho, queda resuelto."}

// notes are internal notes of support.
var notes = []string{"Revisado en remoto: el problema está en el servidor, no en el puesto.",
	"Pendiente de que el proveedor publique el parche.", "Reproducido con un usuario de pruebas.",
	"Hablado con la secretaria; prefiere que la llamemos por la mañana."}

// solutionsSeed is the knowledge base of the demo.
var solutionsSeed = []struct{ Service, Title, Body string }{
	{"padron", "Página en blanco al emitir el volante de empadronamiento", "Tras una actualización, el navegador puede conservar una versión antigua de la aplicación.\n\n1. Pulse Ctrl+Mayús+Supr.\n2. Marque «Imágenes y archivos en caché» y borre.\n3. Cierre el navegador y vuelva a entrar.\n\nSi sigue en blanco, abra una incidencia indicando el navegador y su versión."},
	{"padron", "Empadronar a un menor sin documento de identidad", "Elija «Sin documento» como tipo de documento, indique la fecha de nacimiento y adjunte el libro de familia o la inscripción de nacimiento escaneados. La inscripción se completa cuando el menor tenga DNI."},
	{"padron", "Variaciones al INE rechazadas: registro tipo 3 incorrecto", "El INE rechaza el fichero cuando una inscripción tiene fechas incompletas. En Utilidades > Validación previa aparecen las inscripciones con errores; corríjalas y vuelva a generar el fichero."},
	{"registro", "El registro de entrada se queda guardando y no da número", "Suele deberse a una sesión caducada. Cierre la sesión, vuelva a entrar y repita el asiento. Si ocurre a todos los usuarios a la vez, llame al soporte: hay que reiniciar el servicio."},
	{"registro", "Cómo anular un asiento de registro", "Los asientos no se borran. Abra el asiento, pulse «Anular», escriba el motivo y confirme. La anulación queda en el libro con su diligencia."},
	{"expedientes", "No se encuentra certificado válido al firmar", "1. Compruebe que el certificado no ha caducado (Opciones de Internet > Contenido > Certificados).\n2. Instale la última versión de AutoFirma desde la web del Ministerio.\n3. Reinicie el navegador.\n\nSi usa tarjeta, compruebe que el lector está conectado antes de abrir el navegador."},
	{"expedientes", "Exportar un expediente foliado para el juzgado", "Abra el expediente y pulse «Exportar expediente ENI». Se genera el índice firmado electrónicamente con todos los documentos, que es lo que piden los juzgados."},
	{"correo", "No llegan correos: buzón lleno", "Cuando el buzón supera su cuota deja de recibir. En el webmail, mire el indicador de cuota abajo a la izquierda. Vacíe la papelera y archive los correos antiguos, o pida ampliación de cuota al soporte."},
	{"correo", "Configurar el correo del ayuntamiento en el teléfono móvil", "Use una cuenta IMAP con estos datos: servidor de entrada correo.dip-caceres.es, puerto 993, SSL; servidor de salida el mismo, puerto 587, STARTTLS. Usuario: su dirección completa."},
	{"correo", "Correos enviados que llegan como spam", "Compruebe que envía desde el servidor de la Diputación y no desde otro programa. Si el dominio es propio del ayuntamiento, pida al soporte que revise los registros SPF y DKIM."},
	{"red", "Sin conexión a internet en todo el ayuntamiento", "1. Compruebe que el router tiene las luces encendidas.\n2. Apáguelo 30 segundos y vuelva a encenderlo.\n3. Si sigue sin conexión, llame al soporte: abriremos la avería con el operador de la red provincial."},
	{"red", "La conexión va lenta", "Cierre las descargas y actualizaciones en curso. Si la lentitud es a ciertas horas, avise al soporte: podemos medir el tráfico y limitar el de los equipos que lo acaparan."},
	{"portal", "Error al guardar una noticia con imagen", "Las imágenes no pueden superar 5 MB. Redúzcalas antes de subirlas (por ejemplo, guardándolas a 1920 píxeles de ancho)."},
	{"portal", "Publicar un anuncio en el tablón con fecha de retirada", "Al crear el anuncio indique la fecha de publicación y la de retirada. Se retira solo y queda la diligencia de exposición."},
	{"oficina_virtual", "Un vecino no puede firmar en la sede con Cl@ve", "Compruebe el estado de Cl@ve en la web del Ministerio. Si hay una incidencia general, el vecino puede presentar la instancia más tarde o con certificado electrónico."},
	{"portafirmas", "Delegar la firma durante una ausencia", "En Configuración > Delegaciones, elija la persona y las fechas. La delegación termina sola y los documentos firmados indican que se firmaron por delegación."},
	{"tributos", "Recibos duplicados en un padrón", "Busque el objeto tributario por la referencia y compruebe si tiene dos altas. Dé de baja la duplicada con efectos desde su inicio y anule el recibo."},
	{"tributos", "El banco devuelve el fichero de domiciliaciones", "Genere el fichero en formato SEPA XML (pain.008) y no en el antiguo cuaderno 19. Compruebe que los IBAN de los domiciliados son válidos."},
	{"contabilidad", "Descuadre de céntimos en el cierre", "Los descuadres de céntimos suelen venir de redondeos de IVA. Localice la operación en el listado de diferencias y haga un asiento de ajuste antes del cierre."},
	{"nominas", "Calcular atrasos por subida salarial", "Use Procesos > Atrasos: indique porcentaje, meses y conceptos afectados. Lance primero la simulación y revise el resultado antes de generar la nómina."},
	{"fnmt", "Solicitar o renovar el certificado de representante de la entidad", "Pídalo en la sede de la FNMT y acredite la representación en una oficina de registro (la de la Diputación sirve) con el nombramiento y el DNI."},
	{"geiser", "Registro enviado por SIR rechazado", "Muchos destinos exigen documentos en PDF/A firmados. Convierta el documento, fírmelo y reenvíe el asiento."},
	{"", "Antes de abrir una incidencia: qué datos nos ayudan", "Indique la aplicación, qué hacía, el mensaje de error exacto (mejor una captura de pantalla), desde cuándo pasa y si le pasa a otros compañeros. Con eso la resolvemos antes."},
	{"", "La impresora no imprime desde las aplicaciones web", "En el cuadro de impresión del navegador elija la impresora correcta; el navegador recuerda la última usada, que puede no ser la predeterminada del sistema."},
}
