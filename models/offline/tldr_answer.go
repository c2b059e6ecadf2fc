package offline

import (
	"cmp"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/cmdai/cmdai/assets"
	"github.com/cmdai/cmdai/models"
	"github.com/cmdai/cmdai/models/offline/tldr"
)

// TLDRModel is the Model of an answer taken from a tldr-pages example (assets/tldr/SOURCE.md).
const TLDRModel = "tldr-pages"

// loadTLDR decodes and indexes the embedded tldr pages once per process, on first use: requests the
// catalogue answers never need them.
var loadTLDR = sync.OnceValues(func() (*tldr.Index, error) {
	pages, err := tldr.DecodePages(assets.TLDR)
	if err != nil {
		return nil, fmt.Errorf("load the offline tldr index: %w", err)
	}
	return tldr.NewIndex(pages), nil
})

// tldrIndex is the embedded index, or nil when it cannot be read (a test checks that it can).
func tldrIndex() *tldr.Index {
	x, err := loadTLDR()
	if err != nil {
		return nil
	}
	return x
}

// tldrShare is the least share of a request's words (weighed by how rare they are) that a tldr example
// must account for to be offered; below it the engine says it does not know.
const (
	tldrShare        = 0.8
	tldrShareNamed   = 0.6 // when the request names the example's program
	tldrConfidenceLo = 0.5
	tldrSearchDepth  = 25
	// unusedArgument is the weight (in IDF) of an argument the example has no place for.
	unusedArgument = 6.0
)

// catPipe is a template's "cat FILE | PROGRAM ARGS" whose program reads the file itself.
var catPipe = regexp.MustCompile(`^cat (\S+) \| (jq|yq|grep|sort|wc|head|tail|uniq)((?: [^|<>]*)?)$`)

// tldrCandidate is a filled tldr example and how well it matched.
type tldrCandidate struct {
	resp  models.Response
	page  *tldr.Page
	share float64
	named bool
	score float64
}

// fromTLDR answers req from the tldr index: the examples that match the request's words, each with its
// placeholders filled from the request. Examples with a placeholder the request does not fill are left
// out, so no answer shows one. notes are typo corrections to show with the answer.
func (e *Engine) fromTLDR(req models.Request, k int, notes []string) []models.Response {
	x := tldrIndex()
	if x == nil || k <= 0 {
		return nil
	}
	toks := tokenize(req.Prompt)
	if len(toks) == 0 || len(toks) > 60 || question(toks) {
		return nil
	}
	s := e.extractSlots(slices.Clone(toks))
	platform := tldr.Linux
	if platformOf(req.OS) == "darwin" {
		platform = tldr.OSX
	}
	q := tldr.Query{Platform: platform}
	var qwords []int // token indexes of the query's words; -1 for a word a file's extension said
	for i, t := range toks {
		if argumentLike(t) {
			continue
		}
		if p := programNamed(x, toks, i); p != "" {
			q.Programs = append(q.Programs, p)
		}
		words := t.lower
		if a, ok := programAliases[t.lower]; ok {
			words = a // "imagemagick" is what the pages call magick
		}
		for _, term := range tldr.Terms(words) { // yt-dlp is yt and dlp, as the index has it
			q.Terms = append(q.Terms, term)
			qwords = append(qwords, i)
		}
	}
	for _, t := range toks {
		// A file's extension says what kind of thing it is: "convert clip.mp4 to gif" is about a video.
		if k := kindOfFile(t.raw); k != "" && !t.quoted && !slices.Contains(q.Terms, k) {
			q.Terms = append(q.Terms, k)
			qwords = append(qwords, -1)
		}
	}
	if len(q.Terms) == 0 {
		return nil
	}
	var cands []tldrCandidate
	for _, h := range x.Search(q, tldrSearchDepth) {
		if c, ok := e.tldrFill(x, toks, q.Terms, qwords, s, h, len(q.Programs) > 0); ok {
			cands = append(cands, c)
		}
	}
	slices.SortStableFunc(cands, func(a, b tldrCandidate) int {
		// Shares a few points apart are the same match; then the better scored, more widely used program.
		return cmp.Or(cmp.Compare(math.Round(b.share*20), math.Round(a.share*20)), cmp.Compare(b.score, a.score))
	})
	var out []models.Response
	for _, c := range cands {
		if len(out) == k {
			break
		}
		if slices.ContainsFunc(out, func(o models.Response) bool { return o.Command == c.resp.Command }) {
			continue
		}
		if len(out) > 0 && !related(cands[0].page, c.page) {
			continue // alternatives are the same program's other examples or an equivalent program's
		}
		if len(notes) > 0 {
			c.resp.Explanation = strings.Join(notes, "; ") + ". " + c.resp.Explanation
		}
		if field := jqField(toks); field != "" && strings.HasPrefix(c.resp.Command, "jq '.' ") {
			c.resp.Command = "jq '." + field + "' " + strings.TrimPrefix(c.resp.Command, "jq '.' ")
			c.resp.Explanation = "Print the " + field + " field of the JSON input. (jq, from tldr-pages)"
		}
		if m := catPipe.FindStringSubmatch(c.resp.Command); m != nil {
			c.resp.Command = m[2] + m[3] + " " + m[1] // cat FILE | jq '.x' reads better as jq '.x' FILE
		}
		out = append(out, c.resp)
	}
	if len(out) > 2 {
		slices.SortStableFunc(out[1:], func(a, b models.Response) int { return cmp.Compare(b.Confidence, a.Confidence) })
	}
	return out
}

// tldrFill fills hit's template from the request and scores it. It reports false when a placeholder
// stays empty.
func (e *Engine) tldrFill(x *tldr.Index, toks []token, terms []string, qwords []int, s *slots, h tldr.Hit, named bool) (tldrCandidate, bool) {
	tpl := tldr.Parse(h.Example.Command)
	if removesSomething(tpl.Literal()) && (!asksToDestroy(toks) || !named && !plainRemovers[h.Page.Name]) {
		// "list the nodes" never gets "kubectl delete nodes --all", and a request that names no program
		// gets only the plain ways of removing: "delete the files in lib except x" is no git clean.
		return tldrCandidate{}, false
	}
	if first, _, _ := strings.Cut(strings.ToLower(h.Example.Description), " "); destroyVerbs[first] && !asksToDestroy(toks) {
		return tldrCandidate{}, false // "zip -d": an example that says it removes, by whatever option
	} else if opposesRequest(first, toks) {
		return tldrCandidate{}, false // "create a tar archive of project" is never "tar xf ... -C project"
	}
	if asksToDestroy(toks) && !ends(tpl.Literal()) {
		return tldrCandidate{}, false // "delete the stopped containers" is not answered by listing them
	}
	if v := exampleAddress(tpl.Literal()); v != "" && !slices.ContainsFunc(toks, func(t token) bool { return strings.Contains(t.raw, v) }) {
		return tldrCandidate{}, false // "ss -lt src :8080": the page's own port, not one the request said
	}
	f := newTLDRFiller(x, toks, s.clone(), h, tpl)
	cmd, ok := tpl.Fill(f.fill)
	if !ok || cmd == "" || redirectsToGlob.MatchString(cmd) {
		return tldrCandidate{}, false // "gzip -c . > '*.log'": a pattern the request named is no file to write
	}
	typed := s.starGlob || slices.ContainsFunc(toks, func(t token) bool { return isDotExt(t.lower) })
	if strings.Contains(cmd, "*") && !typed && !strings.Contains(tpl.Literal(), "*") {
		// "zip -r '*.zip' site" for "make a zip archive of site": a pattern the engine made up from a
		// kind of file fills no example's file; only one the person typed (*.md, .md) may.
		return tldrCandidate{}, false
	}
	// The share of the request's words that the example explains, its arguments counted as explained.
	var total, missed float64
	for k, i := range qwords {
		idf := x.IDF(terms[k])
		total += idf
		if i >= 0 && f.taken[i] {
			continue
		}
		if slices.Contains(h.Missed, terms[k]) {
			missed += idf
		}
	}
	// An argument of the request that the example leaves out is a part of the request it does not do.
	for i, t := range toks {
		if argumentLike(t) && !f.taken[i] && !strings.Contains(cmd, t.raw) {
			total += unusedArgument
			missed += unusedArgument
		}
	}
	share := 1.0
	if total > 0 {
		share = 1 - missed/total
	}
	need := tldrShare
	if named {
		need = tldrShareNamed
	}
	conf := 0.0
	if share >= need {
		conf = tldrConfidenceLo + 0.4*(share-need)/(1-need+1e-9)
	} else {
		conf = 0.45 * share
	}
	// How much of the example's own description the request asks for: of two examples that do what
	// was asked, the one that does no more.
	var own, asked float64
	for _, t := range slices.Compact(slices.Sorted(slices.Values(tldr.Terms(h.Example.Description)))) {
		idf := x.IDF(t)
		own += idf
		if slices.Contains(terms, t) {
			asked += idf
		}
	}
	prec := 0.0
	if own > 0 {
		prec = asked / own
	}
	if !named && (!everydayPrograms[programOf(h.Page.Name)] && !everydayPrograms[h.Page.Name] || subcommandUnsaid(h.Page.Name, tpl.Literal(), toks)) {
		// A program the request does not name is offered only when it is an everyday one, and one of its
		// subcommands only when the request says it ("stash my changes" is git stash, but "add /opt/bin
		// to my PATH" is no git sparse-checkout add).
		conf = min(conf, 0.45)
	}
	if named && prec < 0.5 && subcommandUnsaid(h.Page.Name, tpl.Literal(), toks) {
		// "set up git with my email" names git, not filter-branch: a subcommand the request does not say
		// answers only when its example's description is mostly what was asked.
		conf = min(conf, 0.45)
	}
	switch {
	case prec == 0:
		return tldrCandidate{}, false // the example does something else that its page also knows
	case prec < 0.35 && !named, prec < 0.2:
		conf = min(conf, 0.45) // it mostly does something the request did not ask for
	case prec < 0.25:
		conf *= 0.8
	}
	expl := sentence(h.Example.Description)
	if !strings.HasSuffix(expl, ".") {
		expl += "."
	}
	expl += " (" + strings.ReplaceAll(h.Page.Name, "-", " ") + ", from tldr-pages)"
	return tldrCandidate{
		resp: models.Response{Command: cmd, Explanation: expl, Confidence: math.Min(conf, 0.9),
			Backend: "offline", Model: TLDRModel},
		page:  h.Page,
		share: share, named: named, score: h.Score + 0.3*math.Log1p(float64(x.Known(programOf(h.Page.Name)))) + 4*prec,
	}, true
}

// argumentLike reports whether a token is an argument (a path, a number, a URL, quoted text) rather
// than a word that says what to do.
func argumentLike(t token) bool {
	if t.quoted {
		return true
	}
	return strings.ContainsAny(t.raw, "/.~*@:=%$") || strings.ContainsAny(t.raw, "0123456789")
}

// englishPrograms are programs whose names are everyday words: a request that says "find" or "date"
// does not ask for that program by name.
var englishPrograms = setOf("find sort date time file top free kill watch install make less more head tail cut join " +
	"split paste test look yes true false touch which who write wall last echo print open say tree view trash link " +
	"unlink sleep wait read type zip convert compress display import mount fold expand comm host pass screen " +
	"script clear history copy move rename resize share units size strip column at cd go run list show get set " +
	"delete remove add new create start stop restart update upgrade search locate info help man users files " +
	"dir diff patch tee env id groups logger uptime calendar cal seq shred base basename dirname stat chat " +
	"send mail whois ping dig nice renice disk image images video audio music photo server service status " +
	"count lines line words word number numbers name names process processes port ports user password " +
	"network memory cpu battery volume sound clock timer alarm note notes todo task tasks log logs backup " +
	"archive extract replace format crop rotate flip merge scale trim record play pause speed convert json yaml " +
	"csv xml html pdf markdown text string strings hash checksum random reverse shuf " +
	"up down now today tomorrow yesterday week month year hour minute second seconds minutes hours days")

// programAliases map what people call a program to its page.
var programAliases = map[string]string{
	"imagemagick": "magick", "postgres": "psql", "postgresql": "psql", "kubernetes": "kubectl", "k8s": "kubectl",
	"homebrew": "brew", "golang": "go", "nodejs": "node", "python3": "python", "ripgrep": "rg",
}

// programNamed returns the program that toks[i] names, or "".
func programNamed(x *tldr.Index, toks []token, i int) string {
	w := toks[i].lower
	if a, ok := programAliases[w]; ok {
		return a
	}
	if englishPrograms[w] || tldr.Term(w) == "" || !x.IsProgram(w) || x.Known(w) >= 30 && x.Subcommands(w) < 3 && !everydayPrograms[w] {
		return "" // a word the pages use in their own sentences ("web") is English unless it is a big program
	}
	if a := x.AliasOf(w); a != "" {
		w = a // "with netcat": the page of netcat says it is nc
	}
	if i > 0 {
		switch toks[i-1].lower {
		case "install", "uninstall", "reinstall", "package", "upgrade", "update", "kill", "restart", "stop",
			"start", "about", "the":
			return "" // "install htop": the program is what to act on, not the tool to act with
		case "my", "your", "our", "its", "local", "public", "private", "internal", "external", "lan":
			return "" // "my local ip": a thing the machine has, not the program of that name
		}
	}
	return w
}

func setOf(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// programOf is the program a page is about: git for git-commit.
// subcommandUnsaid reports whether page documents a subcommand of a program ("git-sparse-checkout" for
// git sparse-checkout), as its example literal runs it, that the request does not say.
func subcommandUnsaid(page, literal string, toks []token) bool {
	prog, sub, ok := strings.Cut(page, "-")
	if !ok || !strings.HasPrefix(literal+" ", prog+" "+sub+" ") {
		return false
	}
	words := make([]string, len(toks))
	for i, t := range toks {
		words[i] = t.lower
	}
	said := " " + strings.Join(words, " ") + " "
	return !strings.Contains(said, " "+sub+" ") && !strings.Contains(said, " "+strings.ReplaceAll(sub, "-", " ")+" ")
}

func programOf(page string) string {
	p, _, _ := strings.Cut(page, "-")
	return p
}

// fileKinds map extensions to the word tldr's descriptions use for such files.
var fileKinds = map[string]string{
	".mp4": "video", ".mkv": "video", ".avi": "video", ".mov": "video", ".webm": "video", ".flv": "video",
	".png": "image", ".jpg": "image", ".jpeg": "image", ".gif": "image", ".webp": "image", ".bmp": "image", ".tiff": "image", ".svg": "image",
	".mp3": "audio", ".wav": "audio", ".flac": "audio", ".ogg": "audio", ".m4a": "audio", ".opus": "audio",
	".json": "json", ".yaml": "yaml", ".yml": "yaml", ".csv": "csv", ".pdf": "pdf", ".xml": "xml", ".md": "markdown",
	".zip": "zip", ".tar": "archive", ".gz": "archive", ".tgz": "archive", ".bz2": "archive", ".xz": "archive", ".7z": "archive",
	".iso": "iso", ".sql": "sql", ".py": "python", ".js": "javascript", ".go": "go",
	".html": "html", ".docx": "docx", ".odt": "odt", ".epub": "epub", ".rtf": "rtf",
}

// kindOfFile returns the index term for the kind of file a path names by its extension, or "".
func kindOfFile(p string) string {
	i := strings.LastIndex(p, ".")
	if i <= 0 || strings.Contains(p, "://") {
		return ""
	}
	if k, ok := fileKinds[strings.ToLower(p[i:])]; ok {
		return tldr.Term(k)
	}
	return ""
}

// question reports whether the request asks about something rather than for a command: "what does git
// reset do" wants an explanation, and an example of git reset would run it.
func question(toks []token) bool {
	if len(toks) < 2 {
		return false
	}
	switch toks[0].lower {
	case "what", "why", "explain", "who", "when", "does", "is":
		return !(toks[0].lower == "what" && (toks[1].lower == "is" || toks[1].lower == "are") && len(toks) > 2 && toks[2].lower == "my")
	}
	return false
}

// related reports whether b's examples may stand as alternatives to a's: the same program (or one of
// its subcommands), or a program either page names as an equivalent ("See also").
func related(a, b *tldr.Page) bool {
	pa, pb := programOf(a.Name), programOf(b.Name)
	return pa == pb || slices.Contains(a.SeeAlso, b.Name) || slices.Contains(b.SeeAlso, a.Name) ||
		slices.Contains(a.SeeAlso, pb) || slices.Contains(b.SeeAlso, pa)
}

// jqField is the key a request asks jq for ("the name field", "key version"), or "".
func jqField(toks []token) string {
	for i, t := range toks {
		switch t.lower {
		case "field", "key", "property", "attribute":
			for _, j := range []int{i - 1, i + 1} {
				if j >= 0 && j < len(toks) && !toks[j].quoted && isAlpha(strings.ReplaceAll(toks[j].lower, "_", "a")) &&
					tldr.Term(toks[j].lower) != "" && toks[j].lower != "json" {
					return toks[j].raw
				}
			}
		}
	}
	return ""
}

// destructiveWords are the words of a command that removes, ends or overwrites what it names.
var destructiveWords = setOf("rm rmdir rmi delete del remove prune kill pkill killall drop destroy purge uninstall " +
	"erase wipe shred truncate mkfs wipefs reset revoke terminate unregister deregister clean cleanup")

// plainRemovers are the programs whose name is the verb a request to remove or end something says
// without naming one ("delete notes.txt" is rm).
var plainRemovers = setOf("rm rmdir unlink shred kill pkill killall truncate")

// destroyVerbs are the words of a request that asks for that.
var destroyVerbs = setOf("delete remove rm kill drop destroy purge uninstall erase wipe shred truncate clean " +
	"clear prune terminate reset revoke format stop end rid unregister deregister discard")

// removesSomething reports whether a command's fixed words remove, end or overwrite something.
func removesSomething(literal string) bool {
	for _, w := range strings.FieldsFunc(literal, func(r rune) bool { return r == ' ' || r == '|' || r == ';' || r == '&' || r == '(' || r == ')' }) {
		if destructiveWords[strings.TrimLeft(w, "-")] {
			return true
		}
	}
	return false
}

// ends reports whether a command's fixed words remove, stop, end or clear something: what a request
// that asks for that needs (kill-session and --rm count).
func ends(literal string) bool {
	for _, w := range strings.FieldsFunc(literal, func(r rune) bool { return strings.ContainsRune(" |;&()-=", r) }) {
		if destructiveWords[w] || destroyVerbs[w] {
			return true
		}
	}
	return false
}

// asksToDestroy reports whether a request asks to remove, end or overwrite something.
func asksToDestroy(toks []token) bool {
	return slices.ContainsFunc(toks, func(t token) bool { return !t.quoted && destroyingWord(t.lower) })
}

// destroyingWord reports whether w is a destroying verb in any of its forms: "delete", "deleted", "deleting".
func destroyingWord(w string) bool {
	return destroyVerbs[w] || destroyVerbs[stem(w)] || destroyVerbs[strings.TrimSuffix(w, "d")] || destroyVerbs[strings.TrimSuffix(w, "ing")]
}

// asksToDestroyNow is asksToDestroy without the destroying words said as what happened: "the account
// got removed last week", "the old backups were deleted".
func asksToDestroyNow(toks []token) bool {
	for i, t := range toks {
		if t.quoted || !destroyingWord(t.lower) || i > 0 && happened[toks[i-1].lower] && strings.HasSuffix(t.lower, "ed") {
			continue
		}
		if i >= 2 && toks[i-2].lower == "before" && (toks[i-1].lower == "i" || toks[i-1].lower == "we") ||
			i > 0 && doingNow[toks[i-1].lower] && strings.HasSuffix(t.lower, "ing") {
			continue // "before I delete anything", "I'm cleaning up my Downloads folder": not the ask
		}
		return true
	}
	return false
}

// doingNow before a verb in -ing make it what the person is busy with: "I'm cleaning up".
var doingNow = setOf("i'm im we're am are was were")

// happened before a participle make it what was done: "got removed", "was deleted".
var happened = setOf("got get gets was were been")

// redirectsToGlob matches a redirection whose target has a glob character.
var redirectsToGlob = regexp.MustCompile(`>>?\s*'?[^\s']*[*?[]`)

// addressLike is a port, an IPv4 address or a network written into an example's fixed text.
var addressLike = regexp.MustCompile(`(^|[^\w])(:\d{2,5}\b|\d{1,3}\.\d{1,3}\.\d{1,3}(\.\d{1,3})?|\d{1,3}\.\d{1,3}/\d{1,2})`)

// exampleAddress returns a port or address an example's fixed text names, or "".
func exampleAddress(literal string) string {
	m := addressLike.FindStringSubmatch(literal)
	if m == nil {
		return ""
	}
	return strings.TrimPrefix(m[2], ":")
}

// oppositeVerbs map the verb an example's description starts with to the verbs of requests that ask for
// the opposite.
var oppositeVerbs = map[string][]string{
	"extract":    {"create", "make", "compress", "archive", "pack", "build", "zip", "tar"},
	"decompress": {"compress", "create", "make", "zip"}, "unpack": {"create", "make", "pack", "compress"},
	"create": {"extract", "unpack", "decompress", "unzip", "untar"}, "compress": {"extract", "decompress", "unpack", "uncompress", "unzip"},
	"stop": {"start", "restart", "launch"}, "start": {"stop", "kill", "halt"}, "disable": {"enable"}, "enable": {"disable"},
	"download": {"upload", "push", "send"}, "upload": {"download", "fetch", "pull"}, "decrypt": {"encrypt"}, "encrypt": {"decrypt"},
	"mount": {"unmount", "umount", "eject"}, "unmount": {"mount"},
}

// opposesRequest reports whether an example whose description starts with verb does the opposite of
// what the request asks: the request says an opposite verb and never the example's own.
func opposesRequest(verb string, toks []token) bool {
	opp := oppositeVerbs[verb]
	if opp == nil || slices.ContainsFunc(toks, func(t token) bool { return t.lower == verb || t.stem == stem(verb) }) {
		return false
	}
	return slices.ContainsFunc(toks, func(t token) bool { return !t.quoted && slices.Contains(opp, t.lower) })
}
