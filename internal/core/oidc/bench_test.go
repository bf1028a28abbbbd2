package oidc_test

import (
	"io"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"concejo/internal/app/apptest"
	"concejo/internal/platform/dbtest"
)

// BenchmarkTokenIssuance measures the code exchange (client authentication,
// PKCE, access + refresh + signed ID token) on SQLite; the browser part of
// each login is done outside the timer.
func BenchmarkTokenIssuance(b *testing.B) {
	env := apptest.Start(b, dbtest.SQLite(b))
	p := confidentialRP(b, env)
	browser := env.Login(b, "admin@caceres.es")
	for b.Loop() {
		b.StopTimer()
		verifier := oauth2.GenerateVerifier()
		c := code(b, p.authorize(browser, "s", verifier, "n"), "s")
		b.StartTimer()
		if _, err := p.conf.Exchange(p.ctx, c, oauth2.VerifierOption(verifier)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRefresh measures one refresh (access checks, rotation, ID token).
func BenchmarkRefresh(b *testing.B) {
	env := apptest.Start(b, dbtest.SQLite(b))
	p := confidentialRP(b, env)
	browser := env.Login(b, "admin@caceres.es")
	tok := p.tokens(b, browser)
	for b.Loop() {
		var err error
		if tok, err = p.conf.TokenSource(p.ctx, &oauth2.Token{RefreshToken: tok.RefreshToken}).Token(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFullLogin measures authorize → sign-in bridge → code exchange
// for an already signed-in browser.
func BenchmarkFullLogin(b *testing.B) {
	env := apptest.Start(b, dbtest.SQLite(b))
	p := confidentialRP(b, env)
	browser := env.Login(b, "admin@caceres.es")
	for b.Loop() {
		p.tokens(b, browser)
	}
}

// BenchmarkClientCredentials measures the token endpoint over HTTP for a
// machine client (client authentication, one access token), with 16
// concurrent connections as the load scenario of the README uses; it
// reports tokens/s.
func BenchmarkClientCredentials(b *testing.B) {
	env := apptest.Start(b, dbtest.SQLite(b))
	id, secret := machineClient(b, env)
	tokenURL := env.Server.URL + "/oidc/token"
	b.SetParallelism(max(1, 16/runtime.GOMAXPROCS(0)))
	start, cpu := time.Now(), cpuTime()
	b.RunParallel(func(pb *testing.PB) {
		hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 1}}
		body := url.Values{"grant_type": {"client_credentials"}}.Encode()
		for pb.Next() {
			req, _ := http.NewRequest(http.MethodPost, tokenURL, strings.NewReader(body))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.SetBasicAuth(id, secret)
			res, err := hc.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusOK {
				b.Errorf("token endpoint: %d", res.StatusCode)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "tokens/s")
	b.ReportMetric(float64((cpuTime()-cpu).Microseconds())/float64(b.N), "cpu-µs/op")
}

// cpuTime is the user and system CPU time of the process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
