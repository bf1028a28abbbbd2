// Package sirlink connects the register to SIR (Sistema de Interconexión de
// Registros) behind one interface, Connector, with two implementations:
//
//   - Manual: the file-based exchange. Nothing is transmitted; the clerk
//     downloads the SICRES 3.0 file or message and hands it over through
//     ORVE/GEISER.
//   - WebService: the client of the CIR (Componente de Intercambio
//     Registral), SOAP 1.1 over HTTPS with the platform's client
//     certificate, timeouts, and retries with backoff only while the CIR
//     cannot be reached (an answer, even an error code, is final).
//
// A Receipt says what happened (Status manual, sent, refused with the CIR's
// code, or unreached), so the register can store the state of an exchange;
// the errors of WebService are of kind errs.Upstream and wrap a *Refusal
// (código and descripción of the CIR) or ErrUnreachable.
//
// Handler serves the other direction, the operations the CIR calls on the
// application, and gives what arrives to a Receiver (the register). Peers
// accepts only the CIR's client certificate, read from Concejo's own TLS or
// from the trusted reverse proxy's header as certificate sign-in does.
//
// # The SIR web services
//
// Written from the WSDLs of the CIR as published with regweb3 (GovernIB/
// registre, branches registre-3.2 to registre-master, sir/sir-api and
// sir/sir-server, src/main/resources/wsdl/axis), target namespace
// http://impl.manager.cct.map.es, SOAP 1.1 over HTTP, soapAction "":
//
//	called by the application on the CIR:
//	WS_SIR6_B  recepcionFicheroDeAplicacion(registro)            rpc/encoded
//	WS_SIR7    recepcionMensajeDatosControlDeAplicacion(mensaje)  document/literal
//	called by the CIR on the application:
//	WS_SIR8_B  envioFicherosAAplicacion(registro, firmaRegistro)  rpc/encoded
//	WS_SIR9    envioMensajeDatosControlAAplicacion(value0, value1) document/literal
//
// Every operation answers a RespuestaWS {codigo, descripcion} (namespace
// http://cir.impl.manager.cct.map.es in the rpc services,
// http://bean.cct.map.es in the document ones): "00" "Exito" on success,
// else an error code (0037 formato XML, 0039 destino inalcanzable, 0046
// oficina sin URL, 0057, 0058, 0065 error en el asiento; regweb3 adds -1 for
// its uncontrolled errors). registro, mensaje and value0 carry the SICRES 3.0
// XML as an escaped string, annexes inside it in base64 (the _A variants,
// WS_SIR6_A and WS_SIR8_A, carry them as SOAP attachments and are not
// implemented).
//
// The CIR is known to name the parameters of its calls value0, value1 and to
// send the operation element without namespace (regweb3's
// RegWeb3SirWSHandler rewrites them), so the Handler reads parameters by
// position and accepts the operation with or without namespace. The
// signature parameters (firmaRegistro, value1) are accepted and ignored, as
// regweb3 and AL-SIGM do: their format is not in the WSDL and the CIR is
// authenticated by its TLS client certificate; WS_SIR6_B and WS_SIR7 have no
// signature parameter, so nothing is signed on the way out.
//
// Package cirtest plays the CIR in tests.
package sirlink
