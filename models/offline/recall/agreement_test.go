package recall

import (
	"errors"
	"testing"
)

// everyday is a small set of everyday requests: a few ways to ask for each of a few commands, some of
// them with programs the reference parser cannot read (jq, ffmpeg), which the agreement reads leniently.
var everyday = []Example{
	{"which process is using port 8080", []string{"lsof -i :8080", "ss -ltnp 'sport = :8080'"}},
	{"who is listening on port 3000", []string{"lsof -i :3000"}},
	{"what is holding port 5432 open", []string{"lsof -i :5432"}},
	{"print the names from users.json", []string{"jq -r '.[].name' users.json"}},
	{"just the names in people.json please", []string{"jq -r '.[].name' people.json"}},
	{"pull the audio out of talk.mp4 as an mp3", []string{"ffmpeg -i talk.mp4 -vn talk.mp3"}},
	{"how much space is left on the disks", []string{"df -h"}},
	{"an example whose command does not parse", []string{"echo 'unclosed"}},
}

func buildAgreement(t *testing.T) *Agreement {
	t.Helper()
	a, st, err := BuildAgreement(everyday)
	if err != nil {
		t.Fatal(err)
	}
	if st.Kept != len(everyday)-1 || st.Dropped != 1 {
		t.Errorf("BuildAgreement kept %d and dropped %d commands, want %d and 1", st.Kept, st.Dropped, len(everyday)-1)
	}
	return a
}

func TestAgreementSupport(t *testing.T) {
	a := buildAgreement(t)
	for _, tc := range []struct {
		request, command string
		atLeast, below   float64
	}{
		// The neighbours that ask about a port were all answered with lsof -i: whatever the port.
		{"who is using port 9090 on this box", "lsof -i :9090", 0.9, 1.01},
		{"who is using port 9090 on this box", "kill -9 9090", 0, 0.1},
		// Same utility, other flags: a score of 0.5 is no agreement.
		{"who is using port 9090 on this box", "lsof -t", 0, 0.1},
		{"names from staff.json", "jq -r '.[].name' staff.json", 0.6, 1.01},
		{"names from staff.json", "cat staff.json", 0, 0.1},
		// Nothing alike, nothing to say.
		{"reboot the router", "lsof -i :80", 0, 1e-9},
		{"who is using port 9090", "", 0, 1e-9},
		{"who is using port 9090", "echo 'unclosed", 0, 1e-9},
	} {
		if got := a.Support(tc.request, tc.command); got < tc.atLeast || got >= tc.below {
			t.Errorf("Support(%q, %q) = %.3f, want in [%g, %g)", tc.request, tc.command, got, tc.atLeast, tc.below)
		}
	}
	var none *Agreement
	if got := none.Support("who is using port 80", "lsof -i :80"); got != 0 {
		t.Errorf("a nil index supports with %g", got)
	}
}

func TestAgreementCodec(t *testing.T) {
	a := buildAgreement(t)
	b := a.Encode()
	d, err := DecodeAgreement(b)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Diff(d); err != nil {
		t.Errorf("decoded index differs: %v", err)
	}
	for _, req := range []string{"who is using port 9090", "names from staff.json"} {
		for _, cmd := range []string{"lsof -i :9090", "jq -r '.[].name' staff.json"} {
			if x, y := a.Support(req, cmd), d.Support(req, cmd); x != y {
				t.Errorf("Support(%q, %q): %g built, %g decoded", req, cmd, x, y)
			}
		}
	}
	if again := d.Encode(); string(again) != string(b) {
		t.Error("encoding the decoded index gives other bytes")
	}
	other, _, err := BuildAgreement(everyday[:3])
	if err != nil {
		t.Fatal(err)
	}
	if a.Diff(other) == nil {
		t.Error("Diff found no difference between indexes of different examples")
	}
	for _, bad := range [][]byte{nil, []byte("cmdai-recall\x03"), b[:len(b)/2], append(append([]byte{}, b...), 0)} {
		if _, err := DecodeAgreement(bad); !errors.Is(err, ErrCorrupt) {
			t.Errorf("DecodeAgreement(%d bytes) = %v, want ErrCorrupt", len(bad), err)
		}
	}
	if _, _, err := BuildAgreement([]Example{{"nothing usable", []string{"echo 'unclosed"}}}); err == nil {
		t.Error("BuildAgreement built an index without a usable command")
	}
}
