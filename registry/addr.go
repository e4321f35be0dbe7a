package registry

import (
	"fmt"
	"net"
	"strconv"
	"strings"
	"unicode"
)

// CheckAddr reports whether addr is an address [Client.Register] takes:
// "HOST:PORT", or ":PORT" for every address of the machine, with PORT a
// number from 1 to 65535. An address without a port, or whose host holds
// a blank or a "/" (which a node name cannot hold), is refused.
func CheckAddr(addr string) error {
	if addr == "" {
		return fmt.Errorf("empty address: want HOST:PORT or :PORT")
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil || port == "" {
		return fmt.Errorf("bad address %q: want HOST:PORT or :PORT", addr)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 || port[0] == '0' || port[0] == '+' {
		return fmt.Errorf("bad address %q: the port must be a number from 1 to 65535", addr)
	}
	switch {
	case strings.Contains(addr, "/"):
		return fmt.Errorf("bad address %q: a node name cannot hold \"/\"", addr)
	case strings.IndexFunc(host, unicode.IsSpace) >= 0:
		return fmt.Errorf("bad address %q: the host holds a blank", addr)
	}
	return nil
}

// expandAddr returns the addresses to register for addr ("HOST:PORT"). A
// blank host (":PORT") stands for every IPv4 address of the machine that is
// not a loopback address, or the loopback addresses when there are no
// others; the interface addresses come from ifaddrs. It refuses what
// [CheckAddr] refuses.
func expandAddr(addr string, ifaddrs func() ([]net.Addr, error)) ([]string, error) {
	if err := CheckAddr(addr); err != nil {
		return nil, err
	}
	host, port, _ := net.SplitHostPort(addr)
	if host != "" {
		return []string{addr}, nil
	}
	list, err := ifaddrs()
	if err != nil {
		return nil, fmt.Errorf("list the network addresses for %q: %w", addr, err)
	}
	hosts := ipv4Hosts(list)
	if len(hosts) == 0 {
		return nil, fmt.Errorf("no IPv4 address to register %q under", addr)
	}
	out := make([]string, len(hosts))
	for i, h := range hosts {
		out[i] = h + ":" + port
	}
	return out, nil
}

// ipv4Hosts returns the distinct non-loopback IPv4 addresses in list, or the
// loopback ones when there are none, in list order.
func ipv4Hosts(list []net.Addr) []string {
	var public, loopback []string
	seen := map[string]bool{}
	for _, a := range list {
		ip := addrIP(a).To4()
		if ip == nil || seen[ip.String()] {
			continue
		}
		seen[ip.String()] = true
		if ip.IsLoopback() {
			loopback = append(loopback, ip.String())
		} else {
			public = append(public, ip.String())
		}
	}
	if len(public) > 0 {
		return public
	}
	return loopback
}

func addrIP(a net.Addr) net.IP {
	switch a := a.(type) {
	case *net.IPNet:
		return a.IP
	case *net.IPAddr:
		return a.IP
	}
	return nil
}
