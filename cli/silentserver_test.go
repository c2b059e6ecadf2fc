package cli_test

import (
	"net"
	"os"
	"strings"

	"github.com/rogpeppe/go-internal/testscript"
)

// silentServerCmd runs `silent-server FILE`: a server that accepts connections and never answers, as a
// stuck model server does, until the script ends; it writes its URL into FILE where FILE says
// SILENT_URL.
func silentServerCmd(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: silent-server FILE")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	ts.Check(err)
	var conns []net.Conn
	go func() { // ends when the listener closes
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			conns = append(conns, c) // held open, never answered
		}
	}()
	ts.Defer(func() {
		ln.Close()
		for _, c := range conns {
			c.Close()
		}
	})
	path := ts.MkAbs(args[0])
	data, err := os.ReadFile(path)
	ts.Check(err)
	ts.Check(os.WriteFile(path, []byte(strings.ReplaceAll(string(data), "SILENT_URL", "http://"+ln.Addr().String())), 0o600))
}
