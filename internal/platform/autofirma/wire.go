package autofirma

import (
	"encoding/json"

	"concejo/internal/platform/sign"
)

// ResultCode is the outcome of one document of a batch (ProcessResult.Result).
type ResultCode string

// The outcomes.
const (
	NotStarted          ResultCode = "NOT_STARTED"
	DoneAndSaved        ResultCode = "DONE_AND_SAVED"
	DoneButNotSavedYet  ResultCode = "DONE_BUT_NOT_SAVED_YET"
	DoneButSavedSkipped ResultCode = "DONE_BUT_SAVED_SKIPPED"
	DoneButErrorSaving  ResultCode = "DONE_BUT_ERROR_SAVING"
	ErrorPre            ResultCode = "ERROR_PRE"
	ErrorPost           ResultCode = "ERROR_POST"
	Skipped             ResultCode = "SKIPPED"
	SaveRollbacked      ResultCode = "SAVE_ROLLBACKED"
)

func (c ResultCode) known() bool {
	switch c {
	case NotStarted, DoneAndSaved, DoneButNotSavedYet, DoneButSavedSkipped, DoneButErrorSaving,
		ErrorPre, ErrorPost, Skipped, SaveRollbacked:
		return true
	}
	return false
}

// SignStatus is the outcome of one document: {id, result, description}.
type SignStatus struct {
	ID          string     `json:"id"`
	Result      ResultCode `json:"result"`
	Description string     `json:"description,omitempty"`
}

// BatchResult is what the post-signer answers and AutoFirma hands to the
// page: {"signs":[…]}.
type BatchResult struct {
	Signs []SignStatus `json:"signs"`
}

// BatchDefinition is the JSON batch (batch-scheme.html). Session is
// Concejo's own field, which AutoFirma carries through untouched to the
// pre-signer and the post-signer.
type BatchDefinition struct {
	Algorithm    string       `json:"algorithm"`
	Format       sign.Format  `json:"format"`
	Suboperation string       `json:"suboperation"`
	StopOnError  bool         `json:"stoponerror"`
	Session      string       `json:"session,omitempty"`
	SingleSigns  []SingleSign `json:"singlesigns"`
}

// SingleSign is one document of a batch. AutoFirma replaces the reference
// and format by Result and Description when the pre-signer failed it.
type SingleSign struct {
	ID            string      `json:"id"`
	DataReference string      `json:"datareference,omitempty"`
	Format        sign.Format `json:"format,omitempty"`
	Suboperation  string      `json:"suboperation,omitempty"`
	ExtraParams   string      `json:"extraparams,omitempty"`
	Result        ResultCode  `json:"result,omitempty"`
	Description   string      `json:"description,omitempty"`
}

// Triphase is the trifásica data of a batch (TriphaseDataParser): the
// pre-signer sends one entry of Signs per document; AutoFirma posts the
// signed values back flat in SignInfo.
type Triphase struct {
	Format   string     `json:"format,omitempty"`
	Signs    []Triphase `json:"signs,omitempty"`
	SignInfo []TriSign  `json:"signinfo,omitempty"`
}

// TriSign is the trifásica data of one signature: PRE is the Base64 of
// what the key signs, PK1 the Base64 of the signature value.
type TriSign struct {
	ID     string            `json:"id"`
	SignID string            `json:"signid,omitempty"`
	Params map[string]string `json:"params"`
}

// TriSigns returns every signature of t in order.
func (t Triphase) TriSigns() []TriSign {
	if t.Signs == nil {
		return t.SignInfo
	}
	var all []TriSign
	for _, s := range t.Signs {
		all = append(all, s.SignInfo...)
	}
	return all
}

// Presigned is the pre-signer's answer: the data to sign (TD) and the
// documents that failed or were skipped (Results).
type Presigned struct {
	TD      *Triphase    `json:"td,omitempty"`
	Results []SignStatus `json:"results,omitempty"`
}

var errWire = invalid("Los datos del lote no tienen la forma esperada.")

// ParseTriphase reads trifásica JSON: every signature needs an id and its
// parameters, all strings.
func ParseTriphase(data []byte) (Triphase, error) {
	var t Triphase
	if err := json.Unmarshal(data, &t); err != nil {
		return Triphase{}, errWire
	}
	if err := t.check(); err != nil {
		return Triphase{}, err
	}
	return t, nil
}

func (t Triphase) check() error {
	if t.Signs == nil && t.SignInfo == nil {
		return errWire
	}
	for _, s := range t.Signs {
		if s.SignInfo == nil {
			return errWire
		}
	}
	for _, s := range t.TriSigns() {
		if s.ID == "" || s.Params == nil {
			return errWire
		}
	}
	return nil
}

// ParsePresigned reads the pre-signer's answer (JSONPreSignBatchParser).
func ParsePresigned(data []byte) (Presigned, error) {
	var p Presigned
	if err := json.Unmarshal(data, &p); err != nil {
		return Presigned{}, errWire
	}
	if p.TD != nil {
		if err := p.TD.check(); err != nil {
			return Presigned{}, err
		}
	}
	if err := checkStatuses(p.Results); err != nil {
		return Presigned{}, err
	}
	return p, nil
}

// ParseBatchResult reads the post-signer's answer.
func ParseBatchResult(data []byte) (BatchResult, error) {
	var r BatchResult
	if err := json.Unmarshal(data, &r); err != nil || r.Signs == nil {
		return BatchResult{}, errWire
	}
	if err := checkStatuses(r.Signs); err != nil {
		return BatchResult{}, err
	}
	return r, nil
}

func checkStatuses(ss []SignStatus) error {
	for _, s := range ss {
		if s.ID == "" || !s.Result.known() {
			return errWire
		}
	}
	return nil
}
