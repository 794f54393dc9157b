package httpapi

import (
	"net/http/httptest"
	"net/netip"
	"testing"
)

func TestClientAddr(t *testing.T) {
	proxies := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("2001:db8::/32")}
	tests := []struct {
		name, peer string
		forwarded  []string // X-Forwarded-For lines
		trusted    []netip.Prefix
		want       string
	}{
		{"no proxy trusted: the peer, whatever the header says", "198.51.100.7:4321", []string{"203.0.113.1"}, nil, "198.51.100.7"},
		{"an untrusted peer's header is ignored", "198.51.100.7:4321", []string{"203.0.113.1"}, proxies, "198.51.100.7"},
		{"a trusted proxy: the address it added", "10.0.0.2:80", []string{"203.0.113.1"}, proxies, "203.0.113.1"},
		{"a trusted proxy without the header: the proxy", "10.0.0.2:80", nil, proxies, "10.0.0.2"},
		{"a client's forged entries left of the proxy's are ignored", "10.0.0.2:80", []string{"192.0.2.66, 203.0.113.1"}, proxies, "203.0.113.1"},
		{"two trusted proxies: the right-most untrusted", "10.0.0.2:80", []string{"192.0.2.66, 203.0.113.1, 10.1.2.3"}, proxies, "203.0.113.1"},
		{"entries across several header lines", "10.0.0.2:80", []string{"192.0.2.66", "203.0.113.1, 10.1.2.3"}, proxies, "203.0.113.1"},
		{"every hop trusted: the left-most", "10.0.0.2:80", []string{"10.9.9.9, 10.1.2.3"}, proxies, "10.9.9.9"},
		{"garbage where a trusted proxy stands: the last address known", "10.0.0.2:80", []string{"203.0.113.1, not-an-address, 10.1.2.3"}, proxies, "10.1.2.3"},
		{"an entry with a port", "10.0.0.2:80", []string{"203.0.113.1:5555"}, proxies, "203.0.113.1"},
		{"IPv6 through an IPv6 proxy", "[2001:db8::1]:443", []string{"2001:DB8:FFFF::0:1"}, []netip.Prefix{netip.MustParsePrefix("2001:db8::1/128")}, "2001:db8:ffff::1"},
		{"an IPv4 address written as IPv6", "[::ffff:10.0.0.2]:80", []string{"::ffff:203.0.113.1"}, proxies, "203.0.113.1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", "/graphql", nil)
			r.RemoteAddr = tt.peer
			for _, f := range tt.forwarded {
				r.Header.Add("X-Forwarded-For", f)
			}
			if got := clientAddr(r, tt.trusted); got != tt.want {
				t.Errorf("clientAddr = %s, want %s", got, tt.want)
			}
		})
	}
}
