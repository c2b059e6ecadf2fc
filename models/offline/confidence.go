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
	if coverage == 1 && content > 0 {
		// Every word was understood: trust the answer more than the intent's record on mixed prompts.
		conf += (1 - conf) * 0.5 * best.intent.prior * best.intent.prior
	}
	if second != nil && best.score > 0 {
		gap := (best.score - second.score) / best.score
		conf *= 0.75 + 0.25*math.Min(1, gap*3)
	}
	conf *= math.Pow(0.7, float64(c.missing))
	return e.cat.calibrate(math.Max(0, math.Min(1, conf)))
}

// calibrate maps a raw score through the catalogue's calibration curve, measured on held-out data, so
// that the confidence reads as the chance the command is right.
func (c *catalogue) calibrate(x float64) float64 {
	pts := c.calibration
	if len(pts) < 2 {
		return x
	}
	if x <= pts[0][0] {
		return pts[0][1]
	}
	for i := 1; i < len(pts); i++ {
		if x <= pts[i][0] {
			a, b := pts[i-1], pts[i]
			return a[1] + (b[1]-a[1])*(x-a[0])/(b[0]-a[0])
		}
	}
	return pts[len(pts)-1][1]
}
