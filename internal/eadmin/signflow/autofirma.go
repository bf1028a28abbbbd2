package signflow

import (
	"bytes"
	"context"
	"crypto/x509"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"concejo/internal/core/directory"
	"concejo/internal/platform/auth"
	"concejo/internal/platform/autofirma"
	"concejo/internal/platform/errs"
	"concejo/internal/platform/pdf"
	"concejo/internal/platform/sign"
)

// afSessionTTL is how long a batch opened for AutoFirma is followed.
const afSessionTTL = 30 * time.Minute

// autoFirma is the portafirmas' side of AutoFirma's protocol: the servlets
// through which it takes and leaves data, the trifásica batch signer over
// the requests' documents, and who opened each batch.
type autoFirma struct {
	storage *autofirma.Storage
	batches *autofirma.BatchSigner
	mu      sync.Mutex
	owners  map[string]afOwner
}

type afOwner struct {
	entityID, userID string
	at               time.Time
}

// own records who opened a batch, forgetting old ones.
func (af *autoFirma) own(session string, o afOwner) {
	af.mu.Lock()
	defer af.mu.Unlock()
	for s, x := range af.owners {
		if o.at.Sub(x.at) > afSessionTTL {
			delete(af.owners, s)
		}
	}
	af.owners[session] = o
}

// owner says who opened a batch.
func (af *autoFirma) owner(session string) (afOwner, bool) {
	af.mu.Lock()
	defer af.mu.Unlock()
	o, ok := af.owners[session]
	return o, ok
}

// afDocuments serves the batch signer: a document is named by the entity,
// the request, the signer and the version it was shown in.
type afDocuments struct{ m *Module }

type afRef struct {
	entityID, requestID, userID string
	version                     int
}

func (r afRef) String() string {
	return r.entityID + "/" + r.requestID + "/" + r.userID + "/" + strconv.Itoa(r.version)
}

func parseRef(s string) (afRef, error) {
	p := strings.Split(s, "/")
	if len(p) != 4 {
		return afRef{}, errs.New(errs.Invalid, "Referencia de documento no válida.")
	}
	v, err := strconv.Atoi(p[3])
	if err != nil {
		return afRef{}, errs.New(errs.Invalid, "Referencia de documento no válida.")
	}
	return afRef{p[0], p[1], p[2], v}, nil
}

// signerActor is the person a reference names, checked against the
// certificate AutoFirma brought: a clerk signs with his own.
func (m *Module) signerActor(ctx context.Context, ref afRef, cert *x509.Certificate) (*auth.Actor, directory.Member, error) {
	mb, err := directory.MemberOf(ctx, m.kit.DB, ref.entityID, ref.userID)
	if err != nil {
		return nil, mb, err
	}
	if got := holderNIF(cert); mb.NIF == "" || !strings.EqualFold(got, mb.NIF) {
		return nil, mb, errs.New(errs.Forbidden, fmt.Sprintf("El certificado elegido (%s) no es de %s: firme con su propio certificado.",
			cert.Subject.CommonName, mb.Name()))
	}
	return &auth.Actor{UserID: mb.ID, Name: mb.Name()}, mb, nil
}

// Prepare builds the signature of the document for the signer's certificate
// (autofirma.Documents).
func (d afDocuments) Prepare(ctx context.Context, s string, f sign.Format, chain []*x509.Certificate) (*sign.Pending, error) {
	m := d.m
	ref, err := parseRef(s)
	if err != nil {
		return nil, err
	}
	a, _, err := m.signerActor(ctx, ref, chain[0])
	if err != nil {
		return nil, err
	}
	r, err := requestByID(ctx, m.kit.DB, ref.entityID, ref.requestID, true)
	if err != nil {
		return nil, err
	}
	if !r.Open() || r.Version != ref.version {
		return nil, errClosed
	}
	slot, onBehalf, err := slotFor(ctx, m.kit.DB, r, a, today(m.kit.Now()))
	if err != nil {
		return nil, err
	}
	if slot.Action != ActionSign {
		return nil, errs.New(errs.Conflict, "En este paso se le pide el visto bueno, no la firma.")
	}
	if r.IsPDF() != (f == sign.PAdES) {
		return nil, errs.New(errs.Invalid, "Formato de firma no admitido para este documento.")
	}
	if !r.IsPDF() {
		return sign.Prepare(sign.CAdES, r.Content, chain, sign.Options{Time: m.kit.Now()})
	}
	seq, err := signatureCount(ctx, m.kit.DB, r)
	if err != nil {
		return nil, err
	}
	now := m.kit.Now()
	post := slot.Post
	if onBehalf != "" {
		post = ""
	}
	return sign.Prepare(sign.PAdES, r.Content, chain, sign.Options{Time: now, Name: chain[0].Subject.CommonName,
		Reason: reason(r, onBehalf), Location: "Concejo",
		Block: blockAt(seq, blockLines(chain[0].Subject.CommonName, post, onBehalf, now))})
}

// Save records the signature AutoFirma completed as the signer's act in
// the circuit (autofirma.Documents).
func (d afDocuments) Save(ctx context.Context, s string, signed []byte, chain []*x509.Certificate) error {
	m := d.m
	ref, err := parseRef(s)
	if err != nil {
		return err
	}
	a, _, err := m.signerActor(ctx, ref, chain[0])
	if err != nil {
		return err
	}
	_, err = m.act(ctx, a, ref.entityID, ref.requestID, actSign, "", m.received(ref, signed, chain[0]))
	return err
}

// received takes a signature made outside (by AutoFirma) after checking
// that it signs the current version of the document.
func (m *Module) received(ref afRef, signed []byte, cert *x509.Certificate) signing {
	return func(ctx context.Context, tx *sql.Tx, r Request, slot Signer, onBehalf string, seq int) ([]byte, SignatureRecord, error) {
		rec := SignatureRecord{UserID: ref.userID, UserName: slot.UserName, How: HowAutoFirma, CertSubject: cert.Subject.CommonName,
			CertSerial: cert.SerialNumber.Text(16), CertNIF: holderNIF(cert)}
		if r.Version != ref.version {
			return nil, rec, errs.New(errs.Conflict, "El documento cambió mientras se firmaba: vuelva a firmarlo.")
		}
		if r.IsPDF() {
			sigs, err := pdf.Signatures(signed)
			if err != nil || !bytes.HasPrefix(signed, r.Content) || len(sigs) == 0 || !sigs[len(sigs)-1].DigestValid ||
				!sigs[len(sigs)-1].CoversWholeFile || !sigs[len(sigs)-1].Certificate.Equal(cert) {
				return nil, rec, errs.New(errs.Invalid, "La firma recibida no corresponde al documento.")
			}
			rec.Format = string(sign.PAdES)
			return signed, rec, nil
		}
		v, err := sign.VerifyCAdES(signed, r.Content)
		if err != nil || !v.Intact || !v.Signer.Equal(cert) {
			return nil, rec, errs.New(errs.Invalid, "La firma recibida no corresponde al documento.")
		}
		rec.Format, rec.Detached = string(sign.CAdES), signed
		return nil, rec, nil
	}
}

// openBatch opens a batch of the actor's pending signatures for AutoFirma
// and returns the invocation to launch, its session and how many
// documents it signs.
func (m *Module) openBatch(ctx context.Context, a *auth.Actor, ids []string) (autofirma.Invocation, string, int, error) {
	var items []autofirma.BatchItem
	for i, id := range ids {
		r, err := requestByID(ctx, m.kit.DB, a.Entity.ID, id, false)
		if err != nil {
			return autofirma.Invocation{}, "", 0, err
		}
		slot, _, err := slotFor(ctx, m.kit.DB, r, a, today(m.kit.Now()))
		if errors.Is(err, errs.Forbidden) {
			continue
		}
		if err != nil {
			return autofirma.Invocation{}, "", 0, err
		}
		if slot.Action != ActionSign || !r.Open() {
			continue
		}
		f := sign.CAdES
		if r.IsPDF() {
			f = sign.PAdES
		}
		items = append(items, autofirma.BatchItem{ID: fmt.Sprintf("doc%d", i+1), Format: f,
			Ref: afRef{a.Entity.ID, r.ID, a.UserID, r.Version}.String()})
	}
	if len(items) == 0 {
		return autofirma.Invocation{}, "", 0, errs.New(errs.Conflict, "Ninguno de esos documentos espera su firma.")
	}
	session, def, err := m.af.batches.Open(items, false)
	if err != nil {
		return autofirma.Invocation{}, "", 0, err
	}
	m.af.own(session, afOwner{a.Entity.ID, a.UserID, time.Now()})
	base := m.kit.Config.Public() + "/afirma"
	inv := autofirma.Invocation{Operation: autofirma.OpBatch, ID: autofirma.NewID(), Key: autofirma.NewKey(),
		AppName: "Concejo", Data: def, NeedCert: true, StorageURL: base + "/StorageService", RetrieveURL: base + "/RetrieveService",
		PresignURL: base + "/lote/prefirma", PostsignURL: base + "/lote/postfirma"}
	return inv, session, len(items), nil
}

// outcome tells the owner of a batch what became of each document.
func (m *Module) outcome(a *auth.Actor, session string) (done int, failed []string, err error) {
	if o, ok := m.af.owner(session); !ok || o.userID != a.UserID || o.entityID != a.Entity.ID {
		return 0, nil, errs.New(errs.NotFound, "Esa firma con AutoFirma no existe o caducó.")
	}
	statuses, final := m.af.batches.Outcome(session)
	if !final {
		return 0, nil, errs.New(errs.Conflict, "AutoFirma no ha terminado todavía: espere a que termine y vuelva a intentarlo.")
	}
	for _, s := range statuses {
		if s.Result == autofirma.DoneAndSaved {
			done++
			continue
		}
		failed = append(failed, strings.TrimSpace(s.ID+" "+s.Description))
	}
	return done, failed, nil
}

var errNoAutoFirma = errors.New("autofirma not configured")
