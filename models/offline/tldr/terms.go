package tldr

import "strings"

// stopWords carry no meaning for retrieval: the glue of English requests and of tldr's descriptions.
var stopWords = set("a an the to of in on for with from and or my me i all this that these those it its is are be " +
	"please can could you how do does what which into by at as using use via some give want need would like " +
	"specific specified given particular certain just also then so only one each every any our your their " +
	"let us we should will whose there here about onto within out up")

// synonyms map request words to the word tldr's descriptions use for the same thing.
var synonyms = map[string]string{
	"folder": "directory", "folders": "directory", "dir": "directory", "dirs": "directory", "directories": "directory",
	"delete": "remove", "erase": "remove", "del": "remove", "deleting": "remove", "removing": "remove", "wipe": "remove",
	"display": "show", "view": "show", "print": "show", "see": "show", "output": "show", "showing": "show",
	"picture": "image", "photo": "image", "pictures": "image", "photos": "image", "img": "image", "images": "image",
	"movie": "video", "clip": "video", "videos": "video",
	"sound": "audio", "sounds": "audio",
	"unpack": "extract", "decompress": "extract", "uncompress": "extract", "unzip": "extract",
	"fetch": "download", "grab": "download",
	"make": "create", "new": "create", "generate": "create",
	"terminate": "kill", "end": "kill",
	"launch": "start", "begin": "start",
	"halt":   "stop",
	"rename": "move", "renaming": "move",
	"duplicate": "copy",
	"size":      "size", "big": "size", "large": "size", "bigger": "size", "larger": "size",
	"repo": "repository", "repos": "repository",
	"pkg": "package", "packages": "package",
	"env":    "environment",
	"config": "configuration", "settings": "configuration",
	"login": "log", "logs": "log",
	"timestamp": "timestamp", "time": "time", "date": "date",
	"listening": "listen", "listener": "listen",
	"running": "run",
	"usage":   "usage",
	"ip":      "ip", "address": "address",
	"kb": "size", "mb": "size", "gb": "size",
	"resize": "resize", "scale": "scale",
	"pretty": "format", "prettify": "format", "indent": "format", "beautify": "format",
	"conversion": "convert", "turn": "convert", "transform": "convert",
}

// Terms splits text into the index's terms: lowercase words without stop words, synonyms mapped,
// crudely stemmed. Requests and pages go through the same function, so the stems need only agree.
func Terms(text string) []string {
	var out []string
	for _, w := range words(text) {
		if t := Term(w); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// Term is the index term of one lowercase word, "" for a stop word.
func Term(w string) string {
	if stopWords[w] || len(w) < 2 && !isDigit(w) {
		return ""
	}
	if s, ok := synonyms[w]; ok {
		w = s
	}
	return stem(w)
}

// words splits text into lowercase runs of letters and digits.
func words(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	})
}

func stem(w string) string {
	w = stripSuffix(w)
	if len(w) > 4 && strings.HasSuffix(w, "e") {
		return w[:len(w)-1] // remove, removed and removing meet at "remov"
	}
	return w
}

func stripSuffix(w string) string {
	switch {
	case len(w) > 4 && strings.HasSuffix(w, "ies"):
		return w[:len(w)-3] + "y"
	case len(w) > 4 && (strings.HasSuffix(w, "sses") || strings.HasSuffix(w, "xes") || strings.HasSuffix(w, "ches") || strings.HasSuffix(w, "shes")):
		return w[:len(w)-2]
	case len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us"):
		return w[:len(w)-1]
	case len(w) > 5 && strings.HasSuffix(w, "ing"):
		return w[:len(w)-3]
	case len(w) > 4 && strings.HasSuffix(w, "ed"):
		return w[:len(w)-2]
	}
	return w
}

func isDigit(w string) bool { return w != "" && strings.Trim(w, "0123456789") == "" }

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}
