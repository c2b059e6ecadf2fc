// Package pattern is the one model of a command pattern's template and its parameters: the parameter
// and its types, which ${name} placeholders are parameters, the check that holds a template and its
// parameters to each other, and how a template is filled and opened for the safety engine. The CLI,
// the TUI, the daemon's store and the cloud server all call it; their wire and storage shapes map to
// Param. It imports nothing else of cmdai's.
package pattern

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Param is one parameter of a template: the ${Name} placeholders it fills, the type a value must read
// as, the value used when none is given, and what it is for, for a person filling it in.
type Param struct {
	Name        string
	Type        Type
	Default     string
	Description string
}

// Type is the type of a parameter's value: what a value must read as, and how it is quoted.
type Type string

// The parameter types. An empty Type reads as TypeString.
const (
	TypeString Type = "string"
	TypeInt    Type = "int"
	TypePath   Type = "path"
	TypeBool   Type = "bool"
)

// Types are the parameter types, in the order a person reads them.
var Types = []Type{TypeString, TypeInt, TypePath, TypeBool}

// ParseType reads s as a parameter type; an empty s is TypeString.
func ParseType(s string) (Type, error) {
	if s == "" {
		return TypeString, nil
	}
	if t := Type(s); slices.Contains(Types, t) {
		return t, nil
	}
	return "", fmt.Errorf("type %q is not string, int, path or bool", s)
}

// Check reports whether v reads as a value of type t; the error says what is needed, for a person.
func (t Type) Check(v string) error {
	switch t {
	case TypeInt:
		if _, err := strconv.Atoi(strings.TrimSpace(v)); err != nil {
			return errors.New("a whole number is needed here")
		}
	case TypePath:
		if strings.TrimSpace(v) == "" {
			return errors.New("a path is needed here")
		}
		if strings.ContainsAny(v, "\x00\n") {
			return errors.New("a path cannot hold a line break")
		}
	case TypeBool:
		if _, err := strconv.ParseBool(strings.TrimSpace(v)); err != nil {
			return errors.New("true or false is needed here")
		}
	}
	return nil
}

// GuessType reads a parameter's type from its name: paths for file and directory names, int for counts,
// else string (a bool is only ever declared).
func GuessType(name string) Type {
	n := strings.ToLower(name)
	for _, w := range []string{"path", "file", "dir", "folder"} {
		if strings.Contains(n, w) {
			return TypePath
		}
	}
	for _, w := range []string{"count", "lines", "num", "port", "size", "days", "depth", "limit"} {
		if strings.Contains(n, w) || n == "n" {
			return TypeInt
		}
	}
	return TypeString
}

// Params are the parameters a person fills for template: the declared ones (an empty type read as
// string), then any placeholder the template uses without declaring it (a string without a default).
func Params(template string, declared []Param) []Param {
	params := make([]Param, 0, len(declared))
	for _, prm := range declared {
		if prm.Type == "" {
			prm.Type = TypeString
		}
		params = append(params, prm)
	}
	for _, name := range Placeholders(template) {
		if !slices.ContainsFunc(params, func(prm Param) bool { return prm.Name == name }) {
			params = append(params, Param{Name: name, Type: TypeString})
		}
	}
	return params
}
