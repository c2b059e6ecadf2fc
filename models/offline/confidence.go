package offline

import "math"

// confidence estimates how likely the answer is what was asked. It rises with the share of the
// person's words the intent and the slots explain, falls when a runner-up intent scores close to the
// winner (the prompt is ambiguous) and when required arguments had to be left as placeholders.
func (e *Engine) confidence(toks []token, best, second *match, c *composer) float64 {
	content, covered := 0, 0
	for _, t := range toks {
		if t.quoted {
			continue
		}
		if e.cat.has("stop", t.lower) || e.cat.has("stop", t.stem) {
			continue
		}
		content++
		if t.used {
			covered++
		}
	}
	covered = min(content, covered+c.usedWords)
	coverage := 1.0
	if content > 0 {
		coverage = float64(covered) / float64(content)
	}
	conf := best.intent.prior * (0.3 + 0.7*coverage)
	if second != nil && best.score > 0 {
		gap := (best.score - second.score) / best.score
		conf *= 0.75 + 0.25*math.Min(1, gap*3)
	}
	conf *= math.Pow(0.7, float64(c.missing))
	return math.Max(0, math.Min(1, conf))
}
