package auth

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"strings"
)

// Proxies are the reverse proxies (CONCEJO_TRUSTED_PROXIES) whose
// forwarding headers are believed: X-Forwarded-For for the client address,
// the client certificate header, X-Request-Id. A header that did not come
// straight from one of them is the client's own word and is ignored.
type Proxies struct {
	nets []*net.IPNet
}

// ParseProxies reads IP addresses and CIDR ranges; blank entries are skipped.
func ParseProxies(list []string) (Proxies, error) {
	var p Proxies
	for _, s := range list {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		if !strings.Contains(s, "/") {
			ip := net.ParseIP(s)
			if ip == nil {
				return Proxies{}, fmt.Errorf("proxy de confianza no válido: %q", s)
			}
			bits := 128
			if ip.To4() != nil {
				ip, bits = ip.To4(), 32
			}
			p.nets = append(p.nets, &net.IPNet{IP: ip, Mask: net.CIDRMask(bits, bits)})
			continue
		}
		_, n, err := net.ParseCIDR(s)
		if err != nil {
			return Proxies{}, fmt.Errorf("proxy de confianza no válido: %q", s)
		}
		p.nets = append(p.nets, n)
	}
	return p, nil
}

// Empty reports whether no proxy is trusted.
func (p Proxies) Empty() bool { return len(p.nets) == 0 }

func (p Proxies) contains(ip net.IP) bool {
	for _, n := range p.nets {
		if n.Contains(ip) {
			return true
		}
	}
	return false
}

// Trusts reports whether the request comes straight from a trusted proxy.
func (p Proxies) Trusts(r *http.Request) bool {
	ip := net.ParseIP(PeerIP(r))
	return ip != nil && p.contains(ip)
}

// Client returns the address of the client that made the request. When the
// connection comes from a trusted proxy, X-Forwarded-For is walked from the
// right, past the trusted proxies that appended to it; the first address not
// trusted is the client (what stands left of it was written by the client
// and may be forged). A malformed entry ends the walk at the last address
// read; if every entry is a trusted proxy the leftmost one is taken.
func (p Proxies) Client(r *http.Request) string {
	client := PeerIP(r)
	ip := net.ParseIP(client)
	if ip == nil || !p.contains(ip) {
		return client
	}
	hops := ForwardedFor(r)
	for i := len(hops) - 1; i >= 0; i-- {
		hop := hops[i]
		if hop == nil {
			break
		}
		client = hop.String()
		if !p.contains(hop) {
			break
		}
	}
	return client
}

// ForwardedFor parses every X-Forwarded-For header of r, in order; a
// malformed entry is a nil element.
func ForwardedFor(r *http.Request) []net.IP {
	var out []net.IP
	for _, line := range r.Header.Values("X-Forwarded-For") {
		for _, s := range strings.Split(line, ",") {
			out = append(out, parseHop(strings.TrimSpace(s)))
		}
	}
	return out
}

// parseHop reads one X-Forwarded-For entry: an IP address, optionally with
// a port ("192.0.2.1:5000", "[2001:db8::1]:5000").
func parseHop(s string) net.IP {
	if ip := net.ParseIP(s); ip != nil {
		return ip
	}
	if host, _, err := net.SplitHostPort(s); err == nil {
		return net.ParseIP(host)
	}
	return nil
}

type clientKey struct{}

// clientInfo is what Middleware learnt about the request's origin.
type clientInfo struct {
	ip       string
	viaProxy bool
}

// Middleware resolves the client address once per request (see Client) for
// ClientIP and FromTrustedProxy. It wraps everything that reads them.
func (p Proxies) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		info := clientInfo{ip: p.Client(r), viaProxy: p.Trusts(r)}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), clientKey{}, info)))
	})
}

// ClientIP is the client's address: the one resolved by Proxies.Middleware
// or, outside it, the connection's remote address without port.
func ClientIP(r *http.Request) string {
	if info, ok := r.Context().Value(clientKey{}).(clientInfo); ok {
		return info.ip
	}
	return PeerIP(r)
}

// FromTrustedProxy reports whether Proxies.Middleware found that the
// request came straight from a trusted proxy.
func FromTrustedProxy(r *http.Request) bool {
	info, _ := r.Context().Value(clientKey{}).(clientInfo)
	return info.viaProxy
}

// PeerIP is the address of the other end of the connection, without port:
// the client itself, or the proxy in front of Concejo.
func PeerIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
