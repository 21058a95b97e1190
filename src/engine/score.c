/*
 * score.c - a finding's score and severity (docs/scoring.md).
 *
 * score = base + 10 * (loop_depth - 1), where a loop depth of 0 counts as 1
 * (an operation that is not in a loop is scored like one in a single loop),
 * minus 15 when the analysis inferred a kind rather than knew it, clamped to
 * 0..100. The severity band follows from the score alone: critical >= 85,
 * high >= 65, medium >= 40, low below.
 */
#include <strings.h>

#include "finding.h"

/* Loop depth beyond which extra nesting cannot change a clamped score. */
#define SCORE__MAX_DEPTH 20u

int pfl_score(int base, uint32_t loop_depth, bool inferred)
{
	uint32_t depth = loop_depth ? loop_depth : 1;
	if (depth > SCORE__MAX_DEPTH)
		depth = SCORE__MAX_DEPTH;
	long s = (long)base + 10L * (long)(depth - 1);
	if (inferred)
		s -= 15;
	if (s < 0)
		s = 0;
	if (s > 100)
		s = 100;
	return (int)s;
}

int pfl_score_pin(int score, pfl_severity s)
{
	static const int lo[] = { 0, 40, 65, 85 }, hi[] = { 39, 64, 84, 100 };
	if ((unsigned)s > PFL_SEV_CRITICAL)
		return score;
	if (score < lo[s])
		return lo[s];
	if (score > hi[s])
		return hi[s];
	return score;
}

pfl_severity pfl_severity_of(int score)
{
	if (score >= 85)
		return PFL_SEV_CRITICAL;
	if (score >= 65)
		return PFL_SEV_HIGH;
	if (score >= 40)
		return PFL_SEV_MEDIUM;
	return PFL_SEV_LOW;
}

/* Names indexed by pfl_severity. */
static const char *const score__names[] = {
	[PFL_SEV_LOW] = "low",
	[PFL_SEV_MEDIUM] = "medium",
	[PFL_SEV_HIGH] = "high",
	[PFL_SEV_CRITICAL] = "critical",
};

const char *pfl_severity_name(pfl_severity s)
{
	if ((unsigned)s >= sizeof(score__names) / sizeof(score__names[0]))
		return "unknown";
	return score__names[s];
}

int pfl_severity_parse(const char *s)
{
	if (!s)
		return -1;
	for (size_t i = 0; i < sizeof(score__names) / sizeof(score__names[0]); i++)
		if (!strcasecmp(s, score__names[i]))
			return (int)i;
	return -1;
}
