// Package synth generates a synthetic population for the demo padrón:
// households of people with the data items of the hoja padronal (names,
// sex, date and place of birth, nationality, identity document with a valid
// control letter, level of studies) and, for non-EU foreigners without
// permanent residence (ENCSARP), the date of their last renewal.
//
// It is deterministic: the same Params and seed give the same people. The
// age and sex structure is interpolated between a rural Extremadura profile
// (small, aged municipalities) and an urban one (Cáceres, Plasencia), by the
// size of the municipality. The profiles are approximations shaped on the
// published structure of the province (many over-65s, few children in the
// villages), not INE tables (see shared/data/SOURCES.md, "Not produced").
// Every person is fictitious.
package synth
