# tools/local.mk: the dbgtrace debugger and its sample debuggee, the module
# benchmark, and the demo that runs dbgtrace against our dbghelp.dll.

# On mingw, libtool links every program into .libs/ and leaves a wrapper
# .exe in its place (-no-install is ignored there); the wrapper would be the
# debuggee, DEBUG_ONLY_THIS_PROCESS would not follow it to the real program,
# and a copied wrapper runs nothing.  These programs link no libtool library,
# so they are linked with the compiler directly, without libtool.
TOOLS_DIRECT_LINK = $(CCLD) $(AM_CFLAGS) $(CFLAGS) $(AM_LDFLAGS) $(LDFLAGS) -o $@

# dbgtrace links mingw's import library, so at run time it binds to whatever
# dbghelp.dll Wine or Windows finds first: the demo puts ours beside it.
bin_PROGRAMS += tools/dbgtrace
tools_dbgtrace_SOURCES = tools/dbgtrace.c
tools_dbgtrace_LINK = $(TOOLS_DIRECT_LINK)
tools_dbgtrace_LDADD = -ldbghelp -lshell32

noinst_PROGRAMS += tools/bench_modules
tools_bench_modules_SOURCES = tools/bench_modules.c
tools_bench_modules_LINK = $(TOOLS_DIRECT_LINK)
tools_bench_modules_LDADD = -ldbghelp -lpsapi

# The debuggee and its two DLLs (one source built twice).  -rpath makes
# libtool produce real DLLs (tools/samples/.libs/sampledll*.dll) rather than
# convenience archives.
noinst_PROGRAMS += tools/samples/sample
tools_samples_sample_SOURCES = tools/samples/sample.c
tools_samples_sample_LINK = $(TOOLS_DIRECT_LINK)

SAMPLE_DLL_FLAGS = -module -avoid-version -no-undefined -rpath /nowhere
noinst_LTLIBRARIES = tools/samples/sampledll.la tools/samples/sampledll2.la
tools_samples_sampledll_la_SOURCES = tools/samples/sampledll.c
tools_samples_sampledll_la_LDFLAGS = $(SAMPLE_DLL_FLAGS)
tools_samples_sampledll2_la_SOURCES = tools/samples/sampledll.c
tools_samples_sampledll2_la_CPPFLAGS = $(AM_CPPFLAGS) -DSAMPLE_SECOND
tools_samples_sampledll2_la_LDFLAGS = $(SAMPLE_DLL_FLAGS)

DEMO_FILES = tools/dbgtrace$(EXEEXT) tools/samples/sample$(EXEEXT) \
	tools/samples/.libs/sampledll.dll tools/samples/.libs/sampledll2.dll \
	$(top_builddir)/dlls/dbghelp/.libs/dbghelp.dll \
	$(top_builddir)/dlls/imagehlp/.libs/imagehlp.dll

# `make demo`: dbgtrace --check on the sample, then dbgtrace on the crash
# sample (crash-g) for its symbolized backtrace, with our DLLs forced.
demo: all
	$(MKDIR_P) $(top_builddir)/demo
	cp -f $(DEMO_FILES) tools/samples/crash-g/crash.exe tools/samples/crash-g/crashdll.dll \
		tools/samples/crash-g/crashaux.dll $(top_builddir)/demo/
	unset DISPLAY WAYLAND_DISPLAY; \
	export WINEPREFIX=$(abs_top_builddir)/wineprefix WINEDEBUG=-all \
		WINEDLLOVERRIDES="dbghelp,imagehlp=n"; \
	$(WINE) $(top_builddir)/demo/dbgtrace.exe --check && \
	echo && echo '--- the crash sample: tools/samples/crash.c, crashdll.c (built -g)' && \
	$(WINE) $(top_builddir)/demo/dbgtrace.exe crash.exe
.PHONY: demo

# The same run as a test, which also checks the timeline of sampledll.
TESTS += tools/demo.test
EXTRA_DIST += tools/demo.test

clean-local: clean-demo
clean-demo:
	-rm -rf $(top_builddir)/demo $(top_builddir)/demo-check
.PHONY: clean-demo

# `make bench`: the module-index benchmark against our DLL and Wine's
# builtin in the same run; the figures go to bench-modules.txt.
bench: tools/bench_modules$(EXEEXT) dlls/dbghelp/dbghelp.la
	$(MKDIR_P) $(top_builddir)/bench-ours
	cp -f tools/bench_modules$(EXEEXT) $(top_builddir)/dlls/dbghelp/.libs/dbghelp.dll \
		$(top_builddir)/bench-ours/
	unset DISPLAY WAYLAND_DISPLAY; \
	export WINEPREFIX=$(abs_top_builddir)/wineprefix WINEDEBUG=-all; \
	{ WINEDLLOVERRIDES="dbghelp=n" $(WINE) $(top_builddir)/bench-ours/bench_modules$(EXEEXT); \
	  WINEDLLOVERRIDES="dbghelp=b" $(WINE) tools/bench_modules$(EXEEXT); } \
	| tee $(top_builddir)/bench-modules.txt
.PHONY: bench
CLEANFILES += bench-modules.txt
clean-local: clean-bench
clean-bench:
	-rm -rf $(top_builddir)/bench-ours
.PHONY: clean-bench

# typedump: the structs, unions and classes of an image as dbghelp reports
# them; tools/gdb-types.test compares them with gdb's reading of the same
# DWARF (tools/compare-gdb-types.sh).
noinst_PROGRAMS += tools/typedump
tools_typedump_SOURCES = tools/typedump.c tools/symtools.h
tools_typedump_LINK = $(TOOLS_DIRECT_LINK)
tools_typedump_LDADD = -ldbghelp -lshell32
TESTS += tools/gdb-types.test
EXTRA_DIST += tools/gdb-types.test tools/compare-gdb-types.sh tools/gen-typedll.sh
clean-local: clean-gdb-types
clean-gdb-types:
	-rm -rf $(top_builddir)/compare-gdb-types
.PHONY: clean-gdb-types

# `make bench-types`: SymEnumTypes and SymGetTypeInfo on wined3d.dll and on
# the C++ type fixture, our DLL then Wine's builtin in the same run, with
# the ratios; the figures go to bench-types.txt.
noinst_PROGRAMS += tools/bench_types
tools_bench_types_SOURCES = tools/bench_types.c tools/symtools.h
tools_bench_types_LINK = $(TOOLS_DIRECT_LINK)
tools_bench_types_LDADD = -ldbghelp -lshell32
# The generated DLL: 5,000 structs with enums, unions, bitfields and
# pointers (tools/gen-typedll.sh), -gdwarf-4 for the builtin to read.
bench-types-ours/typedll.dll: $(srcdir)/tools/gen-typedll.sh
	$(MKDIR_P) $(top_builddir)/bench-types-ours
	$(SHELL) $(srcdir)/tools/gen-typedll.sh 5000 bench-types-ours/typedll.c && \
	$(CC) -shared -gdwarf-4 -O0 -o $@ bench-types-ours/typedll.c
bench-types: tools/bench_types$(EXEEXT) dlls/dbghelp/dbghelp.la bench-types-ours/typedll.dll
	$(MKDIR_P) $(top_builddir)/bench-types-ours
	cp -f tools/bench_types$(EXEEXT) $(top_builddir)/dlls/dbghelp/.libs/dbghelp.dll \
		$(top_builddir)/bench-types-ours/
	unset DISPLAY WAYLAND_DISPLAY; \
	export WINEPREFIX=$(abs_top_builddir)/wineprefix WINEDEBUG=-all; \
	d=/usr/lib/x86_64-linux-gnu/wine/x86_64-windows; \
	[ "$(WINE_ARCH)" = i686 ] && d=/usr/lib/i386-linux-gnu/wine/i386-windows; \
	files=`for f in $$d/wined3d.dll $(abs_top_builddir)/bench-types-ours/typedll.dll; do winepath -w $$f; done`; \
	{ WINEDLLOVERRIDES="dbghelp=n" $(WINE) $(top_builddir)/bench-types-ours/bench_types$(EXEEXT) --impl ours $$files; \
	  WINEDLLOVERRIDES="dbghelp=b" $(WINE) tools/bench_types$(EXEEXT) --impl builtin $$files; } | \
	tr -d '\r' | awk '{ print } \
	  /^bench: / { delete f; for (i = 2; i <= NF; i++) { split($$i, kv, "="); f[kv[1]] = kv[2] } \
	    k = f["file"] "," f["op"]; \
	    if (f["op"] == "info") v[f["impl"] "," k] = f["rate"]; \
	    else if (f["op"] == "heap") v[f["impl"] "," k] = f["bytes"]; \
	    else if (f["ms"] != "") v[f["impl"] "," k] = f["ms"]; \
	    if (f["file"] != "") files[f["file"]] = 1 } \
	  END { for (file in files) { \
	    o = v["ours," file ",info"]; b = v["builtin," file ",info"]; \
	    if (b > 0) printf "ratio: %s SymGetTypeInfo requests/s ours/builtin %.1fx\n", file, o / b; \
	    o = v["ours," file ",load"] + v["ours," file ",enum"]; b = v["builtin," file ",load"] + v["builtin," file ",enum"]; \
	    if (o > 0) printf "ratio: %s load + first SymEnumTypes builtin/ours %.1fx\n", file, b / o; \
	    o = v["ours," file ",reenum"]; b = v["builtin," file ",reenum"]; \
	    if (o > 0) printf "ratio: %s SymEnumTypes again builtin/ours %.1fx\n", file, b / o; \
	    o = v["ours," file ",heap"]; b = v["builtin," file ",heap"]; \
	    if (b > 0) printf "ratio: %s heap ours/builtin %.2f\n", file, o / b } }' | tee bench-types.txt
.PHONY: bench-types
CLEANFILES += bench-types.txt
clean-local: clean-bench-types
clean-bench-types:
	-rm -rf $(top_builddir)/bench-types-ours
.PHONY: clean-bench-types

# symlookup: addr2line through dbghelp (binds to the dbghelp.dll beside it);
# compare-addr2line.sh checks its answers against addr2line on Wine's DLLs.
noinst_PROGRAMS += tools/symlookup
tools_symlookup_SOURCES = tools/symlookup.c tools/symtools.h
tools_symlookup_LINK = $(TOOLS_DIRECT_LINK)
tools_symlookup_LDADD = -ldbghelp -lshell32
EXTRA_DIST += tools/compare-addr2line.sh tools/compare-addr2line.test
TESTS += tools/compare-addr2line.test
EXTRA_DIST += tools/compare-pdb.test tools/compare-inline.sh tools/pdb-rows.sh
TESTS += tools/compare-pdb.test
clean-local: clean-compare-pdb
clean-compare-pdb:
	-rm -rf $(top_builddir)/tools/pdbdll $(top_builddir)/tools/pdbdll.log $(top_builddir)/compare-inline
.PHONY: clean-compare-pdb

# `make compare-addr2line`: our DLL, then Wine's builtin, against addr2line.
compare-addr2line: tools/symlookup$(EXEEXT) dlls/dbghelp/dbghelp.la
	-top_builddir=$(top_builddir) WINE=$(WINE) WINE_ARCH=$(WINE_ARCH) sh $(srcdir)/tools/compare-addr2line.sh --dll builtin
	top_builddir=$(top_builddir) WINE=$(WINE) WINE_ARCH=$(WINE_ARCH) sh $(srcdir)/tools/compare-addr2line.sh --dll ours
.PHONY: compare-addr2line
clean-local: clean-compare-addr2line
clean-compare-addr2line:
	-rm -rf $(top_builddir)/compare-addr2line
.PHONY: clean-compare-addr2line

# `make bench-dump`: MiniDumpWriteDump of a child with 256 MB committed,
# normal and full memory, ours and Wine's builtin in the same run.
noinst_PROGRAMS += tools/bench_dump
tools_bench_dump_SOURCES = tools/bench_dump.c
tools_bench_dump_LINK = $(TOOLS_DIRECT_LINK)
tools_bench_dump_LDADD = -ldbghelp
bench-dump: tools/bench_dump$(EXEEXT) dlls/dbghelp/dbghelp.la
	$(MKDIR_P) $(top_builddir)/bench-dump
	cp -f tools/bench_dump$(EXEEXT) $(top_builddir)/dlls/dbghelp/.libs/dbghelp.dll $(top_builddir)/bench-dump/
	unset DISPLAY WAYLAND_DISPLAY; \
	export WINEPREFIX=$(abs_top_builddir)/wineprefix WINEDEBUG=-all; \
	{ cd $(top_builddir)/bench-dump && \
	  WINEDLLOVERRIDES="dbghelp=n" $(WINE) ./bench_dump$(EXEEXT) --impl ours; \
	  WINEDLLOVERRIDES="dbghelp=b" $(WINE) ./bench_dump$(EXEEXT) --impl builtin; } | tr -d '\r' \
	| tee $(abs_top_builddir)/bench-dump.txt
	@awk '/^bench:/ { split($$3, o, "="); split($$2, m, "="); split($$4, s, "="); t[m[2] "," o[2]] = s[2] } \
	  END { for (op in t) { split(op, k, ","); if (k[1] == "ours" && t["builtin," k[2]] > 0) \
	  printf "bench-dump: %s: ours %.3f s, builtin %.3f s, %.2fx\n", k[2], t[op], t["builtin," k[2]], t["builtin," k[2]] / t[op] } }' \
	  $(abs_top_builddir)/bench-dump.txt
.PHONY: bench-dump
CLEANFILES += bench-dump.txt
clean-local: clean-bench-dump
clean-bench-dump:
	-rm -rf $(top_builddir)/bench-dump
.PHONY: clean-bench-dump

# `make bench-symbols`: symbolization cost, ours vs Wine's builtin vs
# addr2line vs llvm-symbolizer on the same addresses (tools/bench-symbols.sh);
# the table goes to bench-symbols.txt.  The generated 20,000-function DLLs
# (tools/gen-bigdll.sh, about 1.5 minutes to build) are made on demand.
noinst_PROGRAMS += tools/bench_symbols
tools_bench_symbols_SOURCES = tools/bench_symbols.c tools/symtools.h
tools_bench_symbols_LINK = $(TOOLS_DIRECT_LINK)
tools_bench_symbols_LDADD = -ldbghelp -lshell32
EXTRA_DIST += tools/bench-symbols.sh tools/gen-bigdll.sh

BIGDLL_DIR = tools/bigdll
$(BIGDLL_DIR)/bigdll-dwarf4.dll: $(top_srcdir)/tools/gen-bigdll.sh
	CC="$(CC)" OBJCOPY="$(OBJCOPY)" $(SHELL) $(top_srcdir)/tools/gen-bigdll.sh $(BIGDLL_DIR)
$(BIGDLL_DIR)/bigdll-dwarf5.dll: $(BIGDLL_DIR)/bigdll-dwarf4.dll
	@:
bigdll: $(BIGDLL_DIR)/bigdll-dwarf4.dll $(BIGDLL_DIR)/bigdll-dwarf5.dll
.PHONY: bigdll

bench-symbols: tools/bench_symbols$(EXEEXT) tools/symlookup$(EXEEXT) \
		dlls/dbghelp/dbghelp.la bigdll
	top_builddir=$(top_builddir) WINE=$(WINE) WINE_ARCH=$(WINE_ARCH) $(SHELL) $(top_srcdir)/tools/bench-symbols.sh
.PHONY: bench-symbols
CLEANFILES += bench-symbols.txt
clean-local: clean-bench-symbols
clean-bench-symbols:
	-rm -rf $(top_builddir)/bench-symbols $(top_builddir)/$(BIGDLL_DIR) \
		$(top_builddir)/tools/unload-cycles-run
.PHONY: clean-bench-symbols

# Unload gives everything back: 1,000 load + full load + unload cycles with
# our DLL forced, in `make check` on a mid-size Wine DLL (tools/unload-cycles.test);
# `make unload-cycles` runs the generated DWARF 4 DLL instead (slower).
check_PROGRAMS += tools/unload-cycles
tools_unload_cycles_SOURCES = tools/unload-cycles.c tools/symtools.h
tools_unload_cycles_LINK = $(TOOLS_DIRECT_LINK)
tools_unload_cycles_LDADD = -ldbghelp -lshell32 -lpsapi
TESTS += tools/unload-cycles.test
EXTRA_DIST += tools/unload-cycles.test

unload-cycles: tools/unload-cycles$(EXEEXT) dlls/dbghelp/dbghelp.la \
		$(BIGDLL_DIR)/bigdll-dwarf4.dll
	top_builddir=$(top_builddir) WINE=$(WINE) WINE_ARCH=$(WINE_ARCH) \
	UNLOAD_CYCLES_DLL=$(abs_top_builddir)/$(BIGDLL_DIR)/bigdll-dwarf4.dll \
	$(SHELL) $(top_srcdir)/tools/unload-cycles.test
.PHONY: unload-cycles

# The crash sample (tools/samples/crash.c, crashdll.c, crashaux.c) in four
# builds, one directory each with the same file names, so that module names
# match across them: crash-g (-g, DWARF 5 with gcc 12), crash-dwarf4
# (-gdwarf-4), crash-O1 (-O1 -g: no frame pointers from here on) and
# crash-O2 (-O2 -g).  Built by explicit rules rather than as
# automake programs because the variant's flags must come after the user's
# CFLAGS (-g -O2 by default), which automake puts last.
CRASH_SAMPLE_SRCS = $(srcdir)/tools/samples/crash.c $(srcdir)/tools/samples/crashdll.c \
	$(srcdir)/tools/samples/crashaux.c $(srcdir)/tools/samples/crashxx.cpp
# crashxx.dll (the C++ throw) needs the C++ compiler of $(CC)'s toolchain;
# configure looks for none, so it is named after $(CC): override if needed.
CRASH_CXX = $(CC:gcc=g++)
CRASH_VARIANTS = tools/samples/crash-g/crash.exe tools/samples/crash-dwarf4/crash.exe \
	tools/samples/crash-O1/crash.exe tools/samples/crash-O2/crash.exe
CRASH_BUILD = d=`dirname $@`; $(MKDIR_P) $$d && \
	$(CC) $(AM_CFLAGS) $$flags -static-libgcc -shared -o $$d/crashaux.dll \
		$(srcdir)/tools/samples/crashaux.c && \
	$(CC) $(AM_CFLAGS) $$flags -static-libgcc -shared -o $$d/crashdll.dll \
		$(srcdir)/tools/samples/crashdll.c && \
	$(CRASH_CXX) -Wall -Wextra $$flags -static-libgcc -static-libstdc++ -shared \
		-o $$d/crashxx.dll $(srcdir)/tools/samples/crashxx.cpp && \
	$(CC) $(AM_CFLAGS) $$flags -static-libgcc -o $@ $(srcdir)/tools/samples/crash.c
noinst_DATA = $(CRASH_VARIANTS)
tools/samples/crash-g/crash.exe: $(CRASH_SAMPLE_SRCS)
	$(AM_V_GEN)flags="-g -O0"; $(CRASH_BUILD)
tools/samples/crash-dwarf4/crash.exe: $(CRASH_SAMPLE_SRCS)
	$(AM_V_GEN)flags="-gdwarf-4 -O0"; $(CRASH_BUILD)
tools/samples/crash-O1/crash.exe: $(CRASH_SAMPLE_SRCS)
	$(AM_V_GEN)flags="-g -O1"; $(CRASH_BUILD)
tools/samples/crash-O2/crash.exe: $(CRASH_SAMPLE_SRCS)
	$(AM_V_GEN)flags="-g -O2"; $(CRASH_BUILD)
# crash-pdb: clang with CodeView, -O1, each module's PDB beside it; the
# images keep the mingw CRT's DWARF, as clang leaves them (read after the
# PDB: the CRT's startup functions are named from it).
CRASH_VARIANTS += tools/samples/crash-pdb/crash.exe
tools/samples/crash-pdb/crash.exe: $(CRASH_SAMPLE_SRCS)
	$(AM_V_GEN)d=`dirname $@`; $(MKDIR_P) $$d && gcclib=$$(dirname $$($(CC) -print-libgcc-file-name)) && \
	cl="clang --target=$(host) -Wno-unknown-attributes -g -gcodeview -O1 -fuse-ld=lld -L$$gcclib" && \
	$$cl -shared -o $$d/crashaux.dll $(srcdir)/tools/samples/crashaux.c -Wl,--pdb=$$d/crashaux.pdb && \
	$$cl -shared -o $$d/crashdll.dll $(srcdir)/tools/samples/crashdll.c -Wl,--pdb=$$d/crashdll.pdb && \
	clang++ --target=$(host) -Wno-unknown-attributes -g -gcodeview -O1 -fuse-ld=lld -L$$gcclib \
		-isystem $$gcclib/include/c++ -isystem $$gcclib/include/c++/$(host) -static-libgcc -static-libstdc++ \
		-shared -o $$d/crashxx.dll $(srcdir)/tools/samples/crashxx.cpp -Wl,--pdb=$$d/crashxx.pdb && \
	$$cl -o $@.tmp $(srcdir)/tools/samples/crash.c -Wl,--pdb=$$d/crash.pdb && mv -f $@.tmp $@
EXTRA_DIST += $(CRASH_SAMPLE_SRCS)

# The types sample (tools/samples/typed.c) in the three builds winedbg.test
# prints its values from: -g (DWARF 5), -gdwarf-4 and -O2 -g.
TYPED_VARIANTS = tools/samples/typed-g/typed.exe tools/samples/typed-dwarf4/typed.exe \
	tools/samples/typed-O2/typed.exe
TYPED_BUILD = $(MKDIR_P) `dirname $@` && \
	$(CC) $(AM_CFLAGS) $$flags -static-libgcc -o $@ $(srcdir)/tools/samples/typed.c
noinst_DATA += $(TYPED_VARIANTS)
tools/samples/typed-g/typed.exe: $(srcdir)/tools/samples/typed.c
	$(AM_V_GEN)flags="-g -O0"; $(TYPED_BUILD)
tools/samples/typed-dwarf4/typed.exe: $(srcdir)/tools/samples/typed.c
	$(AM_V_GEN)flags="-gdwarf-4 -O0"; $(TYPED_BUILD)
tools/samples/typed-O2/typed.exe: $(srcdir)/tools/samples/typed.c
	$(AM_V_GEN)flags="-g -O2"; $(TYPED_BUILD)
# typed-pdb: clang -gcodeview, a PDB beside it (and the CRT's DWARF).
TYPED_VARIANTS += tools/samples/typed-pdb/typed.exe
tools/samples/typed-pdb/typed.exe: $(srcdir)/tools/samples/typed.c
	$(AM_V_GEN)$(MKDIR_P) `dirname $@` && gcclib=$$(dirname $$($(CC) -print-libgcc-file-name)) && \
	clang --target=$(host) -g -gcodeview -O0 -fuse-ld=lld -L$$gcclib -o $@ $(srcdir)/tools/samples/typed.c \
		-Wl,--pdb=`dirname $@`/typed.pdb
EXTRA_DIST += tools/samples/typed.c

# dbgtrace's backtraces of the crash samples, checked frame by frame with our
# dbghelp.dll; Wine's builtin on the same programs for comparison.
TESTS += tools/crash.test
EXTRA_DIST += tools/crash.test

# Wine's winedbg on our dbghelp.dll (installed in a scratch prefix by
# tools/winedbg-dbghelp.sh), on the same crash samples.
TESTS += tools/winedbg.test
EXTRA_DIST += tools/winedbg.test tools/winedbg-dbghelp.sh

# `make bench-stack`: frames walked (StackWalk64), walked + symbolized
# (SymFromAddr, SymGetLineFromAddr64) and symbolized alone per second through
# a 200-frame recursion, our DLL then Wine's builtin in the same run, with
# the ratios;
# the figures go to bench-stack.txt.  -gdwarf-4: the builtin reads no DWARF 5.
noinst_PROGRAMS += tools/bench_stack
tools_bench_stack_SOURCES = tools/bench_stack.c
tools_bench_stack_CFLAGS = $(AM_CFLAGS) -gdwarf-4
tools_bench_stack_LINK = $(TOOLS_DIRECT_LINK)
tools_bench_stack_LDADD = -ldbghelp
bench-stack: tools/bench_stack$(EXEEXT) dlls/dbghelp/dbghelp.la
	$(MKDIR_P) $(top_builddir)/bench-stack-ours
	cp -f tools/bench_stack$(EXEEXT) $(top_builddir)/dlls/dbghelp/.libs/dbghelp.dll \
		$(top_builddir)/bench-stack-ours/
	unset DISPLAY WAYLAND_DISPLAY; \
	export WINEPREFIX=$(abs_top_builddir)/wineprefix WINEDEBUG=-all; \
	{ WINEDLLOVERRIDES="dbghelp=n" $(WINE) $(top_builddir)/bench-stack-ours/bench_stack$(EXEEXT) --impl ours; \
	  WINEDLLOVERRIDES="dbghelp=b" $(WINE) tools/bench_stack$(EXEEXT) --impl builtin; } | \
	tr -d '\r' | awk '{ print } \
	  /^bench: / { for (i = 2; i <= NF; i++) { split($$i, kv, "="); f[kv[1]] = kv[2] } \
	    fps[f["impl"] "," f["op"]] = f["fps"] } \
	  END { n = split("walk walk+symbolize symbolize", ops, " "); \
	    for (i = 1; i <= n; i++) { o = ops[i]; b = fps["builtin," o]; \
	      if (b > 0) printf "ratio: op=%s ours/builtin=%.2f\n", o, fps["ours," o] / b } }' | \
	tee $(top_builddir)/bench-stack.txt
.PHONY: bench-stack
CLEANFILES += bench-stack.txt
clean-local: clean-bench-stack
clean-bench-stack:
	-rm -rf $(top_builddir)/bench-stack-ours
.PHONY: clean-bench-stack
clean-local: clean-crash
clean-crash:
	-rm -rf tools/samples/crash-g tools/samples/crash-dwarf4 tools/samples/crash-O1 tools/samples/crash-O2 \
		tools/samples/crash-pdb tools/samples/typed-pdb \
		tools/samples/typed-g tools/samples/typed-dwarf4 tools/samples/typed-O2 \
		$(top_builddir)/crash-check $(top_builddir)/winedbg-check
.PHONY: clean-crash

# Fuzzing (tools/fuzz/): the regression inputs and seeds replayed natively
# under ASan/UBSan in `make check`; `make fuzz` runs each libFuzzer target
# for FUZZ_SECONDS (default 60) with clang.
TESTS += tools/fuzz/replay.test
# Hostile images through the DLL under Wine (ours and the builtin).
check_PROGRAMS += tools/fuzz/loadimages
tools_fuzz_loadimages_SOURCES = tools/fuzz/loadimages.c tools/symtools.h
tools_fuzz_loadimages_LINK = $(TOOLS_DIRECT_LINK)
tools_fuzz_loadimages_LDADD = -ldbghelp
TESTS += tools/fuzz/hostile.test
EXTRA_DIST += tools/fuzz/hostile.test
# CheckSumMappedFile of ours against Wine's builtin over Wine's own DLLs.
check_PROGRAMS += tools/checksums
tools_checksums_SOURCES = tools/checksums.c
tools_checksums_LINK = $(TOOLS_DIRECT_LINK)
TESTS += tools/checksums.test tools/msvc-checksum.test
EXTRA_DIST += tools/checksums.test tools/msvc-checksum.test
# A dump of ours read by Breakpad's tools, LLVM's obj2yaml, lldb and ours.
TESTS += tools/dump-readers.test
EXTRA_DIST += tools/dump-readers.test
# Wine's msi.dll reaching BindImage through our imagehlp.dll (msiexec).
TESTS += tools/msi-bind.test
EXTRA_DIST += tools/msi-bind.test
clean-local: clean-checksums
clean-checksums:
	-rm -rf $(top_builddir)/tools/checksums-run $(top_builddir)/tools/msvc-run \
	    $(top_builddir)/tools/dump-readers $(top_builddir)/tools/msi-bind
.PHONY: clean-checksums
EXTRA_DIST += tools/fuzz/replay.test tools/fuzz/replay.c tools/fuzz/seeds.sh tools/fuzz/run.sh \
	tools/fuzz/fuzz_image.c tools/fuzz/fuzz_symbols.c tools/fuzz/fuzz_unwind.c tools/fuzz/fuzz_undname.c \
	tools/fuzz/fuzz_dump.c tools/fuzz/fuzz_pdb.c tools/fuzz/tiny.c tools/fuzz/imagelayout.c \
	tools/fuzz/corpus/unwind/cfi-factored-overflow tools/fuzz/corpus/symbols/highpc-overwritten-error \
	tools/fuzz/corpus/undname/harness-part-bound
FUZZ_SECONDS = 60
fuzz: all $(CRASH_VARIANTS) $(FIXSYM_FILES) conformance/fixtures/fixa.la
	OBJDUMP='$(OBJDUMP)' NATIVE_LIBDWARF='$(NATIVE_LIBDWARF)' $(SHELL) $(top_srcdir)/tools/fuzz/run.sh $(top_builddir) $(top_srcdir) $(FUZZ_SECONDS)
.PHONY: fuzz
clean-local: clean-fuzz
clean-fuzz:
	-rm -rf $(top_builddir)/fuzz $(top_builddir)/tools/fuzz/replay $(top_builddir)/tools/fuzz/hostile
.PHONY: clean-fuzz
