package recall

import (
	"testing"

	"github.com/cmdai/cmdai/assets"
)

// BenchmarkDecode is what the first recalled answer of a process costs on top of the request.
func BenchmarkDecode(b *testing.B) {
	b.SetBytes(int64(len(assets.Recall)))
	for b.Loop() {
		if _, err := Decode(assets.Recall); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRecall(b *testing.B) {
	m, err := Decode(assets.Recall)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		m.Recall("find all python files under ~/src bigger than 10k modified in the last 3 days and delete them", 5)
	}
}

// BenchmarkDecodeAgreement is what the first unsure reading of a process costs to load the agreement
// index.
func BenchmarkDecodeAgreement(b *testing.B) {
	b.SetBytes(int64(len(assets.Agreement)))
	for b.Loop() {
		if _, err := DecodeAgreement(assets.Agreement); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSupport is what asking the agreement index about one unsure reading costs.
func BenchmarkSupport(b *testing.B) {
	a, err := DecodeAgreement(assets.Agreement)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		a.Support("The cluster's /scratch comes over NFS and I think it dropped during the night. Is /scratch actually mounted right now, and from where?", "findmnt /scratch")
	}
}
