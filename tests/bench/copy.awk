# Turn the 'BENCH ...' records of tests/bench/copy/010-copy.sh into the
# copy-cost report. Guest time is executed instructions (qemu -icount,
# shift 0: 1 ns = 1 instruction), so a slice's instructions per write are
# its milliseconds * 10^6 / its writes. -v kver=K names the kernel,
# -v load=TEXT the host's load. POSIX awk.
#
# Records: setup KEY VALUE... | slice WORKLOAD ROUND b|x|r|t KIB MS |
#          copies WORKLOAD ROUND N | ios WORKLOAD ROUND LOADS STORES |
#          error TEXT...
$1 != "BENCH" { next }
$2 == "setup" { for (i = 3; i < NF; i += 2) setup[$i] = $(i + 1); next }
$2 == "error" { errs = errs "  " substr($0, index($0, "error ") + 6) "\n"; next }
$2 == "slice" {
	if ($3 == "warm") next
	if (!($3 in seen)) { seen[$3] = 1; order[++nw] = $3 }
	kib[$3, $5] += $6
	ms[$3, $5] += $7
	next
}
$2 == "copies" { copies[$3] += $5; next }
$2 == "ios" { loads[$3] += $5; stores[$3] += $6; next }

END {
	printf "lvss copy-on-write CPU cost, Linux %s (host load %s)\n", kver, load
	printf "null_blk without memory, 64 GiB each: origin (snapshot, store 64 KiB chunks) and twin;\n"
	printf "guest time = executed instructions (qemu -icount, 1 CPU); %s rounds of %s s slices, fio %s\n",
		setup["rounds"], setup["slice_s"], setup["engine"]
	printf "b: twin, nothing attached; x: origin with a fresh snapshot (first writes);\n"
	printf "t: origin with its store, no live snapshot\n\n"
	printf "%-12s %9s %9s %9s %7s %7s %7s %7s %12s %6s %6s\n", "workload", "b instr", "t instr", "x instr",
		"x / b", "r / b", "t / b", "copied", "instr/copy", "loads", "stores"
	printf "%-12s %9s %9s %9s %7s %7s %7s %7s %12s %6s %6s\n", "", "per write", "per write", "per write",
		"", "", "", "chunks", "(x - t)", "/copy", "/copy"
	for (i = 1; i <= nw; i++) {
		w = order[i]
		bs = w ~ /^seq-1m/ ? 1024 : 4
		ok = 1
		for (j = split("b x t r", s, " "); j >= 1; j--) {
			n = kib[w, s[j]] / bs
			if (n <= 0 || ms[w, s[j]] <= 0) { ok = 0; continue }
			per[s[j]] = ms[w, s[j]] * 1e6 / n
			writes[s[j]] = n
		}
		if (!ok) { printf "%-12s (missing slices)\n", w; continue }
		# Chunks copied per write, and what each cost beyond the store's
		# own tracking path (t).
		cw = copies[w] / writes["x"]
		pc = cw > 0 ? (per["x"] - per["t"]) / cw : 0
		lc = copies[w] > 0 ? loads[w] / copies[w] : 0
		sc = copies[w] > 0 ? stores[w] / copies[w] : 0
		printf "%-12s %9.0f %9.0f %9.0f %7.3f %7.3f %7.3f %7.2f %12.0f %6.3f %6.3f\n", w, per["b"], per["t"], per["x"],
			per["b"] / per["x"], per["b"] / per["r"], per["b"] / per["t"], cw, pc, lc, sc
	}
	printf "\nx / b, r / b, t / b: throughput ratios (instructions per write of b over x, r or t);\n"
	printf "r: the x slice's writes again with its snapshot live (rewrites of preserved chunks);\n"
	printf "copied chunks: per write (16 for a 1 MiB write onto 64 KiB chunks);\n"
	printf "loads, stores: origin read and store write requests per copied chunk.\n"
	if (errs != "") printf "\nERRORS:\n%s", errs
}
