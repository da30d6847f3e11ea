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

# `make demo`: dbgtrace --check on the sample, with our DLLs forced.
demo: all
	$(MKDIR_P) $(top_builddir)/demo
	cp -f $(DEMO_FILES) $(top_builddir)/demo/
	unset DISPLAY WAYLAND_DISPLAY; \
	WINEPREFIX=$(abs_top_builddir)/wineprefix WINEDEBUG=-all \
	WINEDLLOVERRIDES="dbghelp,imagehlp=n" \
	$(WINE) $(top_builddir)/demo/dbgtrace.exe --check
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
