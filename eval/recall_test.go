package eval

import "testing"

func TestRecallExamplesRefuseTheTestSplit(t *testing.T) {
	dir, err := DataDir("")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := RecallExamples(dir, []string{"train", "test"}); err == nil {
		t.Error("RecallExamples read the test split")
	}
	ex, err := RecallExamples(dir, []string{"dev"})
	if err != nil {
		t.Fatal(err)
	}
	if len(ex) < 500 || ex[0].Request == "" || len(ex[0].Commands) == 0 {
		t.Errorf("dev split: %d examples, first %+v", len(ex), ex[0])
	}
}
