# Turn the 'BENCH ...' records of one guest run (tests/bench/cases/010-quick.sh)
# into the report: a table on stdout, and the same figures as TSV (-v tsv=FILE)
# and JSON (-v json=FILE). -v kver=K names the kernel, -v load=TEXT gives the
# host's load average, -v backing=TEXT where the disk images live. POSIX awk (mawk).
#
# Records: setup KEY VALUE... | prefill-ms MS | touched-kb KIB |
#          slice CFG WORKLOAD SIDE N KIB MS  (CFG null, dm, track, lvss,
#                ceil-mix, ceil-three;
#                SIDE x = the configuration, b = the baseline on the twin) |
#          copies lvss|dm WORKLOAD CHUNKS STATE | exec lvss|dmsetup NS |
#          take lvss I WALL_NS FROZEN_NS | take dm I WALL_NS SUSPENDED_NS |
#          error TEXT...
$1 != "BENCH" { next }
$2 == "setup" {
	for (i = 3; i < NF; i += 2)
		setup[$i] = $(i + 1)
	next
}
$2 == "prefill-ms" { prefill = $3; next }
$2 == "touched-kb" { touched = $3; next }
$2 == "slice" {
	kib[$3, $4, $5] += $7; ms[$3, $4, $5] += $8
	skib[$3, $4, $5, $6] = $7; sms[$3, $4, $5, $6] = $8
	next
}
$2 == "copies" { copies[$3, $4] += $5; next }
$2 == "exec" { n = ++nexec[$3]; execns[$3, n] = $4; next }
$2 == "take" { n = ++ntake[$3]; wall[$3, n] = $5; held[$3, n] = $6; next }
$2 == "cbt" { for (i = 3; i < NF; i += 2) cbt[$i] = $(i + 1); next }
$2 == "error" { errs = errs "  " substr($0, index($0, "error ") + 6) "\n"; next }

function fmt_size(b) {
	if (b >= 1073741824) return sprintf("%g GiB", b / 1073741824)
	return sprintf("%g MiB", b / 1048576)
}
# MB/s (MiB/s) for seq, IOPS for rand, from KiB and ms; "" if nothing ran
function conv(wl, k, m) {
	if (m <= 0) return ""
	return wl ~ /^seq/ ? k / 1024 / (m / 1000) : k / 4 / (m / 1000)
}
function rate(cfg, wl, side) { return conv(wl, kib[cfg, wl, side], ms[cfg, wl, side]) }
function srate(cfg, wl, side, n) { return conv(wl, skib[cfg, wl, side, n], sms[cfg, wl, side, n]) }
# Slice n of the config and slice n of the baseline ran next to each other
# (b1 x1, x2 b2, b3 x3, x4 b4): their ratio is one estimate. PR[1..PN] gets
# the estimates, sorted; RMED their median, RLO and RHI the extremes.
# Rewrites have 24 slices a side (three passes), the rest 8 or 4.
function pairs(cfg, wl, n, x, b, i, j, t) {
	PN = 0; RMED = ""; RLO = ""; RHI = ""
	for (n = 1; n <= 64; n++) {
		if (!((cfg, wl, "x", n) in sms) || !((cfg, wl, "b", n) in sms)) continue
		x = srate(cfg, wl, "x", n); b = srate(cfg, wl, "b", n)
		if (x == "" || b == "" || b == 0) continue
		PR[++PN] = x / b
	}
	if (!PN) return
	for (i = 2; i <= PN; i++)
		for (j = i; j > 1 && PR[j - 1] > PR[j]; j--) {
			t = PR[j]; PR[j] = PR[j - 1]; PR[j - 1] = t
		}
	RMED = PN % 2 ? PR[(PN + 1) / 2] : (PR[PN / 2] + PR[PN / 2 + 1]) / 2
	RLO = PR[1]; RHI = PR[PN]
}
function ratio(x, y) { return (x == "" || y == "" || y == 0) ? "" : x / y }
function f(v, p) { return v == "" ? "-" : sprintf(p, v) }
# median and max of arr[key, 1..n] (ns) into MED and MAX (ms)
function stats(arr, key, n, i, j, t, v) {
	MED = ""; MAX = ""
	if (n < 1) return
	for (i = 1; i <= n; i++) v[i] = arr[key, i] + 0
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && v[j - 1] > v[j]; j--) {
			t = v[j]; v[j] = v[j - 1]; v[j - 1] = t
		}
	MED = (n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2) / 1e6
	MAX = v[n] / 1e6
}
function put(name, v) {
	if (v == "" || v == "-") return
	if (tsv != "") printf "%s\t%s\t%s\n", kver, name, v > tsv
	if (json != "")
		printf "%s\n    \"%s\": %s", (nput++ ? "," : ""), name,
			(v ~ /^-?[0-9.]+(e[+-]?[0-9]+)?$/ ? v : "\"" v "\"") > json
}
# one configuration's cells: value, baseline (all slices), the median of
# the pair ratios and their range; and its metrics
function side(cfg, wl, v, b) {
	v = rate(cfg, wl, "x"); b = rate(cfg, wl, "b"); pairs(cfg, wl)
	put(wl "." cfg, f(v, "%.1f")); put(wl "." cfg "_base", f(b, "%.1f"))
	put(wl "." cfg "_ratio", f(RMED, "%.3f"))
	put(wl "." cfg "_ratio_min", f(RLO, "%.3f")); put(wl "." cfg "_ratio_max", f(RHI, "%.3f"))
	return sprintf("%6s %6s %5s %9s", f(v, "%.0f"), f(b, "%.0f"), f(RMED, "%.2f"),
		RLO == "" ? "-" : sprintf("%.2f-%.2f", RLO, RHI))
}

END {
	if (json != "") printf "{\n  \"kernel\": \"%s\",\n  \"metrics\": {", kver > json
	printf "lvss quick benchmark, Linux %s\n", kver
	printf "qemu TCG (multi-threaded), %s vCPUs; fio %s, direct; seq 1M qd8 (and qd1), rand 4K qd16\n",
		setup["cpus"], setup["engine"]
	printf "origin %s, store/COW %s, baseline twin %s: %s each; chunk 64 KiB\n",
		setup["origin_dev"], setup["store_dev"], setup["twin_dev"], fmt_size(setup["origin_bytes"])
	printf "ratio = config on the origin / baseline on the twin disk, from %s s slices in\n", setup["slice_s"]
	printf "the order b x x b b x x b: the median of the adjacent-pair ratios, 8 pairs\n"
	printf "(two snapshots), 24 for rewrites (three passes over each snapshot's copied\n"
	printf "chunks), 4 for seq-first-qd1 (range: lowest-highest of them; the 'null'\n"
	printf "rows show the noise of this host)\n"
	if (load != "") printf "host load average (1 min) before / after the run: %s\n", load
	if (backing != "") printf "virtual disks: %s\n", backing
	printf "\n%-17s %-29s   %-29s   %s\n", "", "lvss snapshot", "dm-snapshot", "target lvss"
	printf "%-17s %6s %6s %5s %9s   %6s %6s %5s %9s   %s\n", "workload", "lvss", "base",
		"ratio", "range", "dm", "base", "ratio", "range", "/ dm ref"
	nw = split("seq-first seq-rewrite rand-first rand-rewrite seq-first-qd1", wls, " ")
	tgt["seq-first"] = ">=0.40 / 0.11"; tgt["seq-rewrite"] = ">=0.95 / 0.6-0.7"
	tgt["seq-first-qd1"] = "(latency-bound)"
	tgt["rand-first"] = ">=0.50 / 0.30"; tgt["rand-rewrite"] = ">=0.95 / 0.6-0.7"
	for (k = 1; k <= nw; k++) {
		wl = wls[k]
		put(wl ".unit", wl ~ /^seq/ ? "MB/s" : "IOPS")
		printf "%-17s %s   %s   %s\n", wl " " (wl ~ /^seq/ ? "MB/s" : "IOPS"),
			side("lvss", wl), side("dm", wl), tgt[wl]
	}
	printf "\n%-17s %6s %6s %5s %9s\n", "", "config", "base", "ratio", "range"
	printf "tracking only (attached, no store, no snapshot; 8 pairs each):\n"
	printf "  %-15s %s\n", "seq MB/s", side("track", "seq-first"); ts = RMED
	printf "  %-15s %s\n", "rand IOPS", side("track", "rand-first"); tr = RMED
	printf "ceilings for seq-first (raw disks, no snapshot; see 010-quick.sh):\n"
	printf "  %-15s %s\n", "read+write mix", side("ceil-mix", "seq-first")
	printf "  %-15s %s\n", "3 streams / 3", side("ceil-three", "seq-first")
	printf "null (origin vs twin, lvss not attached; should be 1.00):\n"
	printf "  %-15s %s\n", "seq MB/s", side("null", "seq-first"); ns = RMED
	printf "  %-15s %s\n", "rand IOPS", side("null", "rand-first"); nr = RMED
	# The twin and the origin differ a little: judge tracking against null.
	ovs = (ts != "" && ns > 0) ? 100 * (1 - ts / ns) : ""
	ovr = (tr != "" && nr > 0) ? 100 * (1 - tr / nr) : ""
	printf "tracking overhead (1 - track / null): seq %s%%, rand %s%%   target <= 3%%\n",
		f(ovs, "%.1f"), f(ovr, "%.1f")
	put("track.overhead_seq_pct", f(ovs, "%.2f")); put("track.overhead_rand_pct", f(ovr, "%.2f"))
	if ("map_bytes" in cbt) {
		printf "changed-block map: %s bytes (block size %s) for a %s device\n",
			cbt["map_bytes"], cbt["block_size"], fmt_size(setup["origin_bytes"])
		put("cbt.map_bytes", cbt["map_bytes"]); put("cbt.block_size", cbt["block_size"])
	}

	printf "\nfirst writes that copied a chunk (chunks copied / chunk-sized writes):\n"
	for (c = 1; c <= 2; c++) {
		cfg = c == 1 ? "lvss" : "dm"
		s = ""
		for (k = 1; k <= 3; k += 2) {
			wl = wls[k]
			if (!((cfg, wl) in copies) || !((cfg, wl, "x") in kib)) continue
			w = wl ~ /^seq/ ? kib[cfg, wl, "x"] / 64 : kib[cfg, wl, "x"] / 4
			s = s sprintf("   %s %d / %d (%.0f%%)", wl, copies[cfg, wl], w,
				w > 0 ? copies[cfg, wl] * 100 / w : 0)
			put(wl "." cfg "_copies", copies[cfg, wl])
			put(wl "." cfg "_writes", w)
		}
		printf "  %-4s%s\n", cfg, s
	}

	printf "\ntake latency, %d lvss / %d dm-snapshot takes under a 4K random write load:\n",
		ntake["lvss"], ntake["dm"]
	printf "  %-46s %9s %9s\n", "", "median", "max"
	stats(held, "lvss", ntake["lvss"])
	printf "  %-46s %6s ms %6s ms   target median < 100 ms\n", "lvss writes held (frozen_ns)", f(MED, "%.2f"), f(MAX, "%.2f")
	put("take.lvss.frozen_ms.median", f(MED, "%.3f")); put("take.lvss.frozen_ms.max", f(MAX, "%.3f"))
	stats(wall, "lvss", ntake["lvss"])
	printf "  %-46s %6s ms %6s ms\n", "lvss 'snapshot take' command, wall", f(MED, "%.1f"), f(MAX, "%.1f")
	put("take.lvss.wall_ms.median", f(MED, "%.1f")); put("take.lvss.wall_ms.max", f(MAX, "%.1f"))
	stats(execns, "lvss", nexec["lvss"])
	printf "  %-46s %6s ms %6s ms\n", "  for reference: 'lvss version', wall", f(MED, "%.1f"), f(MAX, "%.1f")
	put("exec.lvss_version_ms.median", f(MED, "%.1f"))
	stats(held, "dm", ntake["dm"])
	printf "  %-46s %6s ms %6s ms\n", "dm origin suspended (suspend..resume)", f(MED, "%.1f"), f(MAX, "%.1f")
	put("take.dm.suspended_ms.median", f(MED, "%.1f")); put("take.dm.suspended_ms.max", f(MAX, "%.1f"))
	stats(wall, "dm", ntake["dm"])
	printf "  %-46s %6s ms %6s ms   dm ref ~650 ms\n", "dm snapshot creation (6 dmsetup runs), wall", f(MED, "%.1f"), f(MAX, "%.1f")
	put("take.dm.wall_ms.median", f(MED, "%.1f")); put("take.dm.wall_ms.max", f(MAX, "%.1f"))
	stats(execns, "dmsetup", nexec["dmsetup"])
	printf "  %-46s %6s ms %6s ms\n", "  for reference: 'dmsetup version', wall", f(MED, "%.1f"), f(MAX, "%.1f")
	put("exec.dmsetup_version_ms.median", f(MED, "%.1f"))
	printf "  (process start-up is slow under TCG; LVM runs the dm sequence in one\n"
	printf "   process, 4 of the 6 steps with the origin suspended)\n"
	if (prefill != "") put("prefill_ms", prefill)
	if (touched != "") put("guest_memory_touched_kb", touched)
	if (errs != "") printf "\nerrors reported by the benchmark:\n%s", errs
	if (json != "") printf "\n  }\n}\n" > json
}
