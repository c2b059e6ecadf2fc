// Package tldr reads tldr-pages (https://github.com/tldr-pages/tldr, CC BY 4.0) into a compact search
// index, retrieves the examples that match a request, and parses their command templates: literal text
// and typed placeholders such as {{path/to/file}} and {{[-r|--recursive]}}. Filling the placeholders
// from a request is the offline engine's job; this package only says what each one asks for.
package tldr
