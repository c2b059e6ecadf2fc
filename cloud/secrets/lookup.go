package secrets

import (
	"fmt"
	"os"
	"strings"
)

// Lookup returns the secret setting name: the value of the environment variable name, else the content
// of the file that name_FILE names, with one trailing newline removed. It returns "" when neither is set,
// and an error when both are (which one wins would be a guess) or the file cannot be read.
func Lookup(name string) (string, error) {
	value, hasValue := os.LookupEnv(name)
	file, hasFile := os.LookupEnv(name + "_FILE")
	switch {
	case hasValue && hasFile && value != "" && file != "":
		return "", fmt.Errorf("both %s and %s_FILE are set: set one", name, name)
	case hasFile && file != "":
		b, err := os.ReadFile(file)
		if err != nil {
			return "", fmt.Errorf("read %s_FILE: %w", name, err)
		}
		s := strings.TrimSuffix(string(b), "\n")
		return strings.TrimSuffix(s, "\r"), nil
	default:
		return value, nil
	}
}
