package embedded

// answerGrammar is the GBNF grammar every answer is sampled under: exactly the JSON object
// {"command": "...", "explanation": "..."}. It is ASCII-only (a shell command and a sentence need nothing
// else, and it keeps multi-byte pieces out of the output), allows at most one space between tokens, and
// bounds both strings, so that even a model that never wants to stop ends within defaultMaxTokens.
const answerGrammar = `root ::= "{" ws "\"command\"" ws ":" ws "\"" char{1,400} "\"" ws "," ws "\"explanation\"" ws ":" ws "\"" char{0,300} "\"" ws "}"
ws ::= " "?
char ::= [ !#-\[\]-~] | "\\" ["\\/nt]
`
