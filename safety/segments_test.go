package safety

import (
	"reflect"
	"testing"
)

func TestSegments(t *testing.T) {
	tests := []struct {
		name     string
		cmd      string
		findings []Finding
		want     []Segment
	}{
		{"none", "ls", nil, []Segment{{Text: "ls"}}},
		{"empty", "", []Finding{{Risk: High, Span: Span{0, 3}}}, nil},
		{"worst wins where spans overlap", "sudo rm -rf /", []Finding{
			{Risk: Moderate, Span: Span{0, 4}},
			{Risk: Critical, Span: Span{5, 13}},
			{Risk: Moderate, Span: Span{8, 11}},
		}, []Segment{
			{Text: "sudo", Risk: Moderate, Flagged: true},
			{Text: " "},
			{Text: "rm -rf /", Risk: Critical, Flagged: true},
		}},
		{"safe findings paint nothing", "ls -la", []Finding{{Risk: Safe, Span: Span{0, 6}}}, []Segment{{Text: "ls -la"}}},
		{"clipped to the text", "ls", []Finding{{Risk: High, Span: Span{-3, 99}}}, []Segment{{Text: "ls", Risk: High, Flagged: true}}},
		{"widened to whole characters", "rm é", []Finding{{Risk: High, Span: Span{4, 5}}}, []Segment{
			{Text: "rm "}, {Text: "é", Risk: High, Flagged: true},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Segments(tt.cmd, tt.findings); !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("Segments(%q) = %+v, want %+v", tt.cmd, got, tt.want)
			}
		})
	}
}
