package autofirma_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// harness runs autofirma.js in Node with a page of one button and a
// retrieve servlet that gives the replies in REPLIES, one per poll; it
// prints what the page ended with.
const harness = `
const vm = require("vm"), fs = require("fs");
const replies = JSON.parse(process.env.REPLIES);
const status = { textContent: "" };
const field = { value: "" };
const posted = [];
let submitted = false, opened = "", clicked;
const form = { elements: { namedItem: (n) => n === "firma" ? field : null }, submit: () => { submitted = true; } };
const attrs = { "data-afirma-url": "afirma://sign?fileid=F", "data-afirma-poll": "/afirma/RetrieveService",
  "data-afirma-id": "ID1", "data-afirma-field": "firma", "data-afirma-status": "estado" };
const button = { disabled: false, form, getAttribute: (a) => attrs[a] || null };
button.closest = (sel) => button;
const sandbox = {
  document: {
    addEventListener: (type, fn) => { clicked = fn; },
    getElementById: (id) => id === "estado" ? status : null,
    location: { set href(u) { opened = u; } },
  },
  setTimeout: (fn, ms, ...args) => setImmediate(() => fn(...args)),
  fetch: (url, opts) => {
    posted.push(url + " " + opts.method + " " + opts.body);
    const text = replies.shift();
    return Promise.resolve({ ok: text !== undefined, status: 200, text: () => Promise.resolve(text) });
  },
};
vm.runInNewContext(fs.readFileSync(process.env.SCRIPT, "utf8"), sandbox);
clicked({ target: button, preventDefault: () => {} });
const finish = () => {
  if (replies.length > 0 && !submitted) { return setImmediate(finish); }
  setImmediate(() => console.log(JSON.stringify({ opened, posted, submitted, value: field.value,
    status: status.textContent, disabled: button.disabled })));
};
finish();
`

type pageEnd struct {
	Opened    string
	Posted    []string
	Submitted bool
	Value     string
	Status    string
	Disabled  bool
}

func runScript(t *testing.T, replies ...string) pageEnd {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is needed to run autofirma.js")
	}
	dir := t.TempDir()
	h := filepath.Join(dir, "harness.js")
	if err := os.WriteFile(h, []byte(harness), 0o600); err != nil {
		t.Fatal(err)
	}
	script, _ := filepath.Abs("../web/static/autofirma.js")
	r, _ := json.Marshal(replies)
	cmd := exec.Command(node, h)
	cmd.Env = append(os.Environ(), "SCRIPT="+script, "REPLIES="+string(r))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, out)
	}
	var end pageEnd
	if err := json.Unmarshal(out, &end); err != nil {
		t.Fatalf("%s: %v", out, err)
	}
	return end
}

func TestScriptSubmitsTheResultOnceAutoFirmaLeavesIt(t *testing.T) {
	end := runScript(t, "ERR-06:=El identificador para los datos es inválido\n", "#WAIT\n", "ERR-06:=x\n", "1.AAAA|3.BBBB\n")
	if end.Opened != "afirma://sign?fileid=F" || !end.Submitted || end.Value != "1.AAAA|3.BBBB" {
		t.Fatalf("%+v", end)
	}
	if len(end.Posted) != 4 || end.Posted[0] != "/afirma/RetrieveService POST op=get&v=1_0&id=ID1" {
		t.Errorf("polls %q", end.Posted)
	}
}

func TestScriptShowsAutoFirmasErrorsAndSendsNothing(t *testing.T) {
	for reply, want := range map[string]string{
		"SAF_09: Error al realizar la firma\n":   "AutoFirma no ha podido completar la firma: Error al realizar la firma",
		"err-00:=AF100001 - Fallo interno\n":     "AutoFirma no ha podido completar la firma: AF100001 - Fallo interno",
		"CANCEL\n":                               "Se ha cancelado la firma en AutoFirma.",
		"err-11:=AF200001 - Operación cancelada": "Se ha cancelado la firma en AutoFirma.",
	} {
		end := runScript(t, reply)
		if end.Submitted || end.Status != want || end.Disabled {
			t.Errorf("%q: %+v", reply, end)
		}
	}
}
