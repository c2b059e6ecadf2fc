package config

import "testing"

func TestParseSize(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		bad  bool
	}{
		{"", 0, false}, {"0", 0, false}, {"20GB", 20e9, false}, {"20 gb", 20e9, false},
		{"1.5GiB", 3 << 29, false}, {"500MB", 500e6, false}, {"123", 123, false}, {"10k", 10e3, false},
		{"lots", 0, true}, {"-1GB", 0, true}, {"GB", 0, true},
	}
	for _, tt := range tests {
		got, err := ParseSize(tt.in)
		if (err != nil) != tt.bad || got != tt.want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d, error %v", tt.in, got, err, tt.want, tt.bad)
		}
	}
	if _, err := Parse("c.toml", []byte("[models]\nmax_size = \"huge\"\n")); err == nil {
		t.Fatal("a bad models.max_size was accepted")
	}
}
