# table.awk — formats bench/run.sh's results.tsv (size, layout, tool, step,
# wall, rss KB, bytes, cpu, units[, why]) as a table, adds the combined jobs and
# each peer's ratio to tercume, and checks the targets of the benchmark.
# Run as: awk -F '\t' -f table.awk results.tsv
function num(w) { return w ~ /^[0-9.]+$/ }
# A row is known by size, tool, step and layout (blank unless said).
function key(s, t, st, l) { return s SUBSEP t SUBSEP st SUBSEP (l == "" ? "blank" : l) }
# Combines two measured steps run one after the other: times add up, the
# peak RSS is the larger.
function combine(s, t, name, a, b, layout,   k, ka, kb) {
	ka = key(s, t, a); kb = key(s, t, b)
	if (!(ka in wall) || !(kb in wall))
		return
	k = key(s, t, name)
	order[s, ++n[s]] = k
	lay[k] = layout; tool[k] = t; step[k] = name
	why[k] = why[ka] != "" ? a ": " why[ka] : b ": " why[kb]
	bytes[k] = bytes[ka]; units[k] = units[kb] != "-" ? units[kb] : units[ka]
	if (num(wall[ka]) && num(wall[kb])) {
		wall[k] = wall[ka] + wall[kb]
		cpu[k] = cpu[ka] + cpu[kb]
		rss[k] = rss[ka] > rss[kb] ? rss[ka] : rss[kb]
	} else {
		wall[k] = num(wall[ka]) ? wall[kb] : wall[ka]
		rss[k] = "-"; cpu[k] = "-"
	}
}
# The tercume job a peer's step is compared with.
function peer_of(t, st) {
	if (t == "ttk" && st == "txt2po+posegment") return "segment+export-po"
	if (t == "ttk" && st == "txt2po") return "segment"
	if (t == "ttk" && st == "po2txt") return "merge"
	if (t == "ttk" && st == "po2xliff") return "convert-xliff12"
	if (t == "peers" && st == "msgfmt-stats+pocount") return "check"
	if (t == "gettext" && st == "msgcat") return "convert-po"
	if (t == "gettext" && st == "msgmerge") return "update"
	if (t == "gettext" && st == "msgmerge-exact") return "update"
	if (t == "po4a" && st == "updatepo") return "segment+export-po"
	if (t == "po4a" && st == "translate") return "merge"
	return ""
}
# The same on CPU time (user + system), which a loaded machine disturbs less.
function cratio(s, t, st,   p, tk, k) {
	p = peer_of(t, st)
	if (p == "")
		return ""
	tk = key(s, "tercume", p); k = key(s, t, st)
	if (!(tk in cpu) || !num(cpu[tk]) || !num(cpu[k]))
		return wall[k] ~ /^>/ ? "capped" : "n/a"
	return sprintf("%.1fx", cpu[k] / (cpu[tk] > 0.005 ? cpu[tk] : 0.005))
}
function ratio(s, t, st,   p, tk, k) {
	p = peer_of(t, st)
	if (p == "")
		return ""
	tk = key(s, "tercume", p); k = key(s, t, st)
	if (!(tk in wall) || !num(wall[tk]))
		return "n/a"
	if (wall[k] ~ /^>/)
		return sprintf(">%.0fx", substr(wall[k], 2) / (wall[tk] > 0.005 ? wall[tk] : 0.005))
	if (!num(wall[k]))
		return "n/a"
	return sprintf("%.1fx", wall[k] / (wall[tk] > 0.005 ? wall[tk] : 0.005))
}
{
	s = $1; k = key(s, $3, $4, $2)
	if (!(s in seen)) { seen[s] = 1; sizes[++ns] = s }
	order[s, ++n[s]] = k
	lay[k] = $2; tool[k] = $3; step[k] = $4; wall[k] = $5; rss[k] = $6
	bytes[k] = $7; cpu[k] = $8; units[k] = $9; why[k] = NF >= 10 ? $10 : ""
}
END {
	for (i = 1; i <= ns; i++) {
		s = sizes[i]
		combine(s, "tercume", "segment+export-po", "segment", "export-po", "blank")
		combine(s, "ttk", "txt2po+posegment", "txt2po", "posegment", "blank")
		# msgfmt --statistics and pocount are two tools: make one row.
		ka = key(s, "gettext", "msgfmt-stats"); kb = key(s, "ttk", "pocount")
		if ((ka in wall) && (kb in wall)) {
			wall[key(s, "peers", "msgfmt-stats")] = wall[ka]; rss[key(s, "peers", "msgfmt-stats")] = rss[ka]
			bytes[key(s, "peers", "msgfmt-stats")] = bytes[ka]; units[key(s, "peers", "msgfmt-stats")] = units[ka]
			cpu[key(s, "peers", "msgfmt-stats")] = cpu[ka]; cpu[key(s, "peers", "pocount")] = cpu[kb]
			wall[key(s, "peers", "pocount")] = wall[kb]; rss[key(s, "peers", "pocount")] = rss[kb]
			bytes[key(s, "peers", "pocount")] = bytes[kb]; units[key(s, "peers", "pocount")] = units[kb]
			combine(s, "peers", "msgfmt-stats+pocount", "msgfmt-stats", "pocount", "blank")
		}
		printf "%-4s %-6s %-8s %-20s %9s %7s %8s %10s %8s %6s %9s %9s\n", "MB", "layout", "tool", "step",
		       "wall s", "cpu s", "MB/s", "units/s", "RSS MB", "RSS/in", "ratio", "cpu ratio"
		for (j = 1; j <= n[s]; j++) {
			k = order[s, j]
			if (wall[k] == "n/a") {
				printf "%-4s %-6s %-8s %-20s %s\n", s, lay[k], tool[k], step[k], "n/a (" why[k] ")"
				continue
			}
			if (num(wall[k])) {
				w = wall[k] > 0.005 ? wall[k] : 0.005
				mbs = sprintf("%.1f", bytes[k] / 1e6 / w)
				ups = units[k] == "-" ? "-" : sprintf("%.0f", units[k] / w)
				ws = sprintf("%.3f", wall[k])
			} else {
				mbs = "-"; ups = "-"
				ws = wall[k] ~ /^>/ ? "> " substr(wall[k], 2) : wall[k]
			}
			if (rss[k] ~ /^[0-9]+$/) {
				rm = sprintf("%.1f", rss[k] / 1024)
				ri = sprintf("%.1f", rss[k] * 1024 / bytes[k])
			} else {
				rm = "-"; ri = "-"
			}
			printf "%-4s %-6s %-8s %-20s %9s %7s %8s %10s %8s %6s %9s %9s\n", s, lay[k], tool[k], step[k],
			       ws, num(cpu[k]) ? sprintf("%.3f", cpu[k]) : "-", mbs, ups, rm, ri,
			       ratio(s, tool[k], step[k]), cratio(s, tool[k], step[k])
		}
		print ""
	}
	print "targets (ratio = peer time / tercume time; for the floor, tercume time / floor time):"
	for (i = 1; i <= ns; i++) {
		s = sizes[i]
		floor_target(s, "segment", 3, "segment (SRX rules) <= 3x the ICU floor")
		floor_target(s, "segment-norules", 3, "segment without rules <= 3x the ICU floor")
		target(s, "ttk", "txt2po+posegment", 50, "segment + export >= 50x faster than txt2po + posegment")
		target(s, "ttk", "po2txt", 50, "merge >= 50x faster than po2txt")
		target(s, "peers", "msgfmt-stats+pocount", 1, "check no slower than msgfmt --statistics + pocount")
		target(s, "gettext", "msgmerge", 20, "update >= 20x faster than msgmerge")
		target(s, "gettext", "msgmerge-exact", 1, "update no slower than msgmerge -N (exact only)")
		self_target(s, "export-po", "export-xliff20", 1.5, "export PO within 1.5x of export XLIFF 2.0")
		self_target(s, "merge", "merge-xliff20", 1.5, "merge with a PO within 1.5x of from XLIFF 2.0")
		# at 1 MB the libraries' own pages weigh most
		if (s + 0 >= 10) {
			rss_target(s, "segment", 4)
			rss_target(s, "export-po", 4)
			rss_target(s, "export-xliff20", 4)
			rss_target(s, "merge", 4)
			rss_target(s, "merge-xliff20", 4)
		}
	}
}
# tercume's step a against its step b (PO against XLIFF 2.0): lower is
# better.
function self_target(s, a, b, want, what,   ka, kb, r, c) {
	ka = key(s, "tercume", a); kb = key(s, "tercume", b)
	if (!(ka in wall) || !(kb in wall) || !num(wall[ka]) || !num(wall[kb]))
		return
	r = wall[ka] / (wall[kb] > 0.005 ? wall[kb] : 0.005)
	c = num(cpu[ka]) && num(cpu[kb]) ? sprintf("%.2fx", cpu[ka] / (cpu[kb] > 0.005 ? cpu[kb] : 0.005)) : "n/a"
	printf "  %4s MB  %-55s %7.2fx  %-18s (CPU: %s)\n", s, what, r, r <= want ? "met" : "NOT met", c
}
# tercume's peak RSS for a step, against the article's size.
function rss_target(s, st, want,   k, r) {
	k = key(s, "tercume", st)
	if (!(k in rss) || rss[k] !~ /^[0-9]+$/ || !(bytes[k] > 0))
		return
	r = rss[k] * 1024 / bytes[k]
	printf "  %4s MB  %-55s %7.2fx  %s\n", s, "peak RSS of " st " <= " want "x the article", r,
	       r <= want ? "met" : "NOT met"
}
function target(s, t, st, want, what,   r, v) {
	# neither side measured (BENCH_ONLY): no line
	if (!(key(s, t, st) in wall) && !(key(s, "tercume", peer_of(t, st)) in wall))
		return
	if (!(key(s, t, st) in wall))
		r = "n/a"
	else
		r = ratio(s, t, st)
	v = r
	sub(/^>/, "", v); sub(/x$/, "", v)
	if (r == "n/a" || r == "")
		verdict = "not measured"
	else if (r ~ /^>/ && v + 0 < want)
		verdict = "open (peer capped)"
	else
		verdict = (v + 0 >= want) ? "met" : "NOT met"
	printf "  %4s MB  %-55s %8s  %-18s (CPU: %s)\n", s, what, r == "" ? "n/a" : r, verdict,
	       (key(s, t, st) in wall) ? cratio(s, t, st) : "n/a"
}
# tercume's step against the floor (ICU's sentence loop, same layout):
# lower is better.
function floor_target(s, st, want, what,   k, f, r, c, verdict) {
	k = key(s, "tercume", st); f = key(s, "floor", "icu-sentences")
	if (!(k in wall) || !(f in wall) || !num(wall[k]) || !num(wall[f]))
		return
	r = wall[k] / (wall[f] > 0.005 ? wall[f] : 0.005)
	c = num(cpu[k]) && num(cpu[f]) ? cpu[k] / (cpu[f] > 0.005 ? cpu[f] : 0.005) : -1
	verdict = r <= want ? "met" : "NOT met"
	# at 1 MB the start-up (the rules compiled, the libraries) weighs most
	if (s + 0 < 10)
		verdict = "(target at 10 MB)"
	printf "  %4s MB  %-55s %7.2fx  %-18s (CPU: %.2fx)\n", s, what, r, verdict, c
}
