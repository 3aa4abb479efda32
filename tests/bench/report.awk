# Turn the 'BENCH ...' records of one guest run (tests/bench/cases/010-quick.sh)
# into the report: a table on stdout, and the same figures as TSV (-v tsv=FILE)
# and JSON (-v json=FILE). -v kver=K names the kernel. POSIX awk (mawk).
#
# Records: setup KEY VALUE... | prefill-ms MS | fio CFG WORKLOAD KIB MS |
#          copies lvss|dm WORKLOAD CHUNKS STATE | exec lvss|dmsetup NS |
#          take lvss I WALL_NS FROZEN_NS | take dm I WALL_NS SUSPENDED_NS |
#          error TEXT...
# CFG: warm, pure0, base1, dm, base2, track, lvss, base3, pure1 in the order
# they ran. pure*: no lvss at all; base*: the hook registered (another disk
# attached), the origin not attached. dm-snapshot is compared with the mean
# of base1 and base2, lvss (and tracking only) with that of base2 and base3.
$1 != "BENCH" { next }
$2 == "setup" {
	for (i = 3; i < NF; i += 2)
		setup[$i] = $(i + 1)
	next
}
$2 == "prefill-ms" { prefill = $3; next }
$2 == "fio" { kib[$3, $4] = $5; ms[$3, $4] = $6; next }
$2 == "copies" { copies[$3, $4] = $5; next }
$2 == "exec" { n = ++nexec[$3]; execns[$3, n] = $4; next }
$2 == "take" { n = ++ntake[$3]; wall[$3, n] = $5; held[$3, n] = $6; next }
$2 == "error" { errs = errs "  " substr($0, index($0, "error ") + 6) "\n"; next }

function fmt_size(b) {
	if (b >= 1073741824) return sprintf("%g GiB", b / 1073741824)
	return sprintf("%g MiB", b / 1048576)
}
# MB/s (MiB/s) for seq, IOPS for rand; "" when the job did not run.
function rate(cfg, wl) {
	if (!((cfg, wl) in ms) || ms[cfg, wl] <= 0) return ""
	if (wl ~ /^seq/) return kib[cfg, wl] / 1024 / (ms[cfg, wl] / 1000)
	return kib[cfg, wl] / 4 / (ms[cfg, wl] / 1000)
}
# the baseline for a configuration: the mean of the runs around it
function pair(cfg) { return cfg == "dm" ? "base1 base2" : "base2 base3" }
function base(cfg, wl, p, a, b) {
	split(pair(cfg), p, " ")
	a = rate(p[1], wl); b = rate(p[2], wl)
	if (a != "" && b != "") return (a + b) / 2
	return a != "" ? a : b
}
# |a - b| / mean of the two baseline runs: the drift of the host
function noise(cfg, wl, p, a, b) {
	split(pair(cfg), p, " ")
	a = rate(p[1], wl); b = rate(p[2], wl)
	if (a == "" || b == "" || a + b == 0) return ""
	return (a > b ? a - b : b - a) / ((a + b) / 2)
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
# one side of a table row: value, baseline, noise, ratio; and its metrics
function side(cfg, wl, v, b, z, r) {
	v = rate(cfg, wl); b = base(cfg, wl); z = noise(cfg, wl); r = ratio(v, b)
	put(wl "." cfg, f(v, "%.1f")); put(wl "." cfg "_base", f(b, "%.1f"))
	put(wl "." cfg "_base_noise", f(z, "%.3f")); put(wl "." cfg "_ratio", f(r, "%.3f"))
	return sprintf("%7s %7s %5s %5s", f(v, "%.0f"), f(b, "%.0f"),
		f(z == "" ? "" : z * 100, "%.0f%%"), f(r, "%.2f"))
}

END {
	if (json != "") printf "{\n  \"kernel\": \"%s\",\n  \"metrics\": {", kver > json
	printf "lvss quick benchmark, Linux %s\n", kver
	printf "qemu TCG (multi-threaded), %s vCPUs; fio %s, direct; seq 1M qd8, rand 4K qd16\n",
		setup["cpus"], setup["engine"]
	printf "origin %s %s, store/COW %s %s, chunk 64 KiB; first writes <= %s s\n",
		setup["origin_dev"], fmt_size(setup["origin_bytes"]),
		setup["store_dev"], fmt_size(setup["store_bytes"]), setup["t1"]
	printf "ratio = config / baseline (origin not attached), the mean of the baseline runs\n"
	printf "just before and after the config's own (noise = their difference; shared host)\n\n"
	printf "%-18s %-27s   %-27s   %s\n", "", "lvss snapshot", "dm-snapshot", "target lvss"
	printf "%-18s %7s %7s %5s %5s   %7s %7s %5s %5s   %s\n", "workload", "lvss", "base",
		"noise", "ratio", "dm", "base", "noise", "ratio", "/ dm ref"
	nw = split("seq-first seq-rewrite rand-first rand-rewrite", wls, " ")
	tgt["seq-first"] = ">=0.40 / 0.11"; tgt["seq-rewrite"] = ">=0.95 / 0.6-0.7"
	tgt["rand-first"] = ">=0.50 / 0.30"; tgt["rand-rewrite"] = ">=0.95 / 0.6-0.7"
	for (k = 1; k <= nw; k++) {
		wl = wls[k]
		unit = wl ~ /^seq/ ? "MB/s" : "IOPS"
		printf "%-18s %s   %s   %s\n", wl " " unit, side("lvss", wl), side("dm", wl), tgt[wl]
	}
	printf "\ntracking only (attached, no store, no snapshot):\n"
	for (k = 1; k <= 3; k += 2) {
		wl = wls[k]
		printf "  %-16s %s\n", (wl ~ /^seq/ ? "seq MB/s" : "rand IOPS"), side("track", wl)
	}
	printf "\nftrace hook registered (another disk attached), origin not attached,\n"
	printf "vs no lvss at all (runs at the start and end; the mean of base1-3 / pure0-1):\n "
	for (k = 1; k <= nw; k++) {
		wl = wls[k]; hs = 0; hn = 0; ps = 0; pn = 0
		for (i = 1; i <= 3; i++) if ((v = rate("base" i, wl)) != "") { hs += v; hn++ }
		for (i = 0; i <= 1; i++) if ((v = rate("pure" i, wl)) != "") { ps += v; pn++ }
		r = (hn && pn) ? ratio(hs / hn, ps / pn) : ""
		printf "  %s %s", wl, f(r, "%.2f")
		if (pn) put(wl ".nolvss", sprintf("%.1f", ps / pn))
		put(wl ".hook_ratio", f(r, "%.3f"))
	}
	printf "\n"
	printf "\nfirst writes that copied a chunk (chunks copied / chunk-sized writes):\n"
	for (c = 1; c <= 2; c++) {
		cfg = c == 1 ? "lvss" : "dm"
		s = ""
		for (k = 1; k <= 3; k += 2) {
			wl = wls[k]
			if (!((cfg, wl) in copies) || !((cfg, wl) in kib)) continue
			w = wl ~ /^seq/ ? kib[cfg, wl] / 64 : kib[cfg, wl] / 4
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
	if (errs != "") printf "\nerrors reported by the benchmark:\n%s", errs
	if (json != "") printf "\n  }\n}\n" > json
}
