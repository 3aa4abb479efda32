# Turn the 'BENCH ...' records of tests/bench/tracking/010-tracking.sh into
# the tracking-overhead report: per device and workload, the ratio of
# write throughput with the device attached to without, over every b/x
# pair. -v kver=K names the kernel, -v load=TEXT the host's load. POSIX awk.
#
# Records: setup mode cpu|disk KEY VALUE... (one per boot) | pair DEV WORKLOAD N B_KIB B_MS X_KIB X_MS |
#          cbt KEY VALUE... | error TEXT...
$1 != "BENCH" { next }
$2 == "setup" {
	for (i = 3; i < NF; i += 2) setup[$i] = $(i + 1)
	how = "virtio disk, guest time = host time (2 CPUs)"
	if (setup["mode"] == "cpu")
		how = "null_blk, guest time = executed instructions (qemu -icount, 1 CPU)"
	modes = modes sprintf("  %s: %d rounds of b x x b, %s s slices, fio %s, %s\n",
		setup["mode"], setup["rounds"], setup["slice_s"], setup["engine"], how)
	next
}
$2 == "cbt" { for (i = 3; i < NF; i += 2) cbt[$i] = $(i + 1); next }
$2 == "error" { errs = errs "  " substr($0, index($0, "error ") + 6) "\n"; next }
$2 == "pair" {
	k = $3 SUBSEP $4
	if (!(k in n)) order[++nk] = k
	if ($6 <= 0 || $8 <= 0 || $9 <= 0) next
	r = ($8 / $9) / ($6 / $7)
	v[k, ++n[k]] = r
	bkib[k] += $6; bms[k] += $7
	next
}

# Student's t for a two-sided 95 % interval (df 1..30, then normal).
function t95(df) {
	split("12.71 4.30 3.18 2.78 2.57 2.45 2.36 2.31 2.26 2.23 2.20 2.18 2.16 2.14 2.13 2.12 2.11 2.10 2.09 2.09 2.08 2.07 2.07 2.06 2.06 2.06 2.05 2.05 2.05 2.04", tt, " ")
	return df < 1 ? 0 : df <= 30 ? tt[df] : 1.96
}
function median(k, m,   i, j, a, t) {
	for (i = 1; i <= m; i++) a[i] = v[k, i]
	for (i = 2; i <= m; i++)
		for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
	return m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
}

END {
	printf "lvss tracking-only overhead, Linux %s (host load %s)\n", kver, load
	printf "ratio = write throughput attached / not attached; boots:\n%s\n", modes
	printf "%-7s %-12s %5s %12s %8s %8s %17s %9s\n", "device", "workload", "pairs",
		"baseline", "median", "mean", "95% CI of mean", "overhead"
	for (i = 1; i <= nk; i++) {
		k = order[i]
		split(k, dw, SUBSEP)
		m = n[k]
		if (!m) { printf "%-7s %-12s %5d (no pairs)\n", dw[1], dw[2], 0; continue }
		s = 0
		for (j = 1; j <= m; j++) s += v[k, j]
		mean = s / m
		ss = 0
		for (j = 1; j <= m; j++) ss += (v[k, j] - mean) ^ 2
		half = m > 1 ? t95(m - 1) * sqrt(ss / (m - 1) / m) : 0
		unit = dw[2] ~ /^seq/ ? "MiB/s" : "IOPS"
		base = dw[2] ~ /^seq/ ? bkib[k] / 1024 / (bms[k] / 1000) : bkib[k] / 4 / (bms[k] / 1000)
		printf "%-7s %-12s %5d %6.0f %-5s %8.3f %8.3f %8.3f-%-8.3f %8.1f%%\n", dw[1], dw[2], m,
			base, unit, median(k, m), mean, mean - half, mean + half, (1 - mean) * 100
	}
	if ("map_bytes" in cbt)
		printf "\nchanged-block map: %.0f bytes for a %.0f-byte device at %.0f-byte blocks\n",
			cbt["map_bytes"], cbt["device_bytes"], cbt["block_size"]
	if (errs != "") printf "\nERRORS:\n%s", errs
}
