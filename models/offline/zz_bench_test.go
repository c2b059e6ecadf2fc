package offline

import (
	"testing"

	"github.com/cmdai/cmdai/models"
)

func BenchmarkZZTLDR(b *testing.B) {
	e, _ := New()
	req := models.Request{Prompt: "find all files in the current directory tree whose names end with .txt and were modified more than 7 days ago and print their sizes", Shell: "bash", OS: "linux"}
	e.fromTLDR(req, 1, nil)
	b.ResetTimer()
	for b.Loop() {
		e.fromTLDR(req, 1, nil)
	}
}
