# conformance/local.mk: the winetest-style suite, run under Wine two ways
# (strict against our DLLs, and against Wine's builtin for comparison).

check_PROGRAMS += conformance/dbghelp_test
conformance_dbghelp_test_SOURCES = \
	conformance/wtest.c conformance/wtest.h conformance/wtest_dbghelp.h \
	conformance/testlist.c conformance/areas.h \
	conformance/process.c \
	conformance/module.c \
	conformance/enum.c \
	conformance/callback.c \
	conformance/imagehlp.c \
	conformance/badpe.c \
	conformance/threads.c
conformance_dbghelp_test_LDADD = -ldbghelp -limagehlp -lpsapi
# The test must bind to whatever dbghelp.dll Wine loads, never to ours
# through libtool: it links mingw's import libraries only, and with the
# compiler directly, since on mingw libtool would leave a wrapper .exe here.
conformance_dbghelp_test_LINK = $(CCLD) $(AM_CFLAGS) $(CFLAGS) $(AM_LDFLAGS) $(LDFLAGS) -o $@

# Fixture DLLs with known exports (built as real DLLs: -rpath forces shared).
# Stripped (-s): their symbols are their exports, whatever CFLAGS say.
FIXTURE_LDFLAGS = -module -avoid-version -no-undefined -rpath /nowhere -Wl,-s
check_LTLIBRARIES += conformance/fixtures/fixa.la conformance/fixtures/fixb.la
conformance_fixtures_fixa_la_SOURCES = conformance/fixtures/fixdll.c
conformance_fixtures_fixa_la_CPPFLAGS = $(AM_CPPFLAGS) -DFIXTURE_NAME=\"fixa\"
conformance_fixtures_fixa_la_LDFLAGS = $(FIXTURE_LDFLAGS) -Wl,--image-base=0x10000000
conformance_fixtures_fixb_la_SOURCES = conformance/fixtures/fixdll.c
conformance_fixtures_fixb_la_CPPFLAGS = $(AM_CPPFLAGS) -DFIXTURE_NAME=\"fixb\" -DFIXTURE_EXTRA
conformance_fixtures_fixb_la_LDFLAGS = $(FIXTURE_LDFLAGS) -Wl,--image-base=0x20000000

TEST_EXTENSIONS = .ours .wine
OURS_LOG_COMPILER = $(SHELL) $(top_srcdir)/tools/wine-test.sh ours
WINE_LOG_COMPILER = $(SHELL) $(top_srcdir)/tools/wine-test.sh wine
WTEST_OURS = conformance/strict/process.ours \
	conformance/strict/module.ours \
	conformance/strict/enum.ours \
	conformance/strict/callback.ours \
	conformance/strict/imagehlp.ours \
	conformance/strict/badpe.ours \
	conformance/strict/threads.ours
WTEST_WINE = conformance/builtin/process.wine \
	conformance/builtin/module.wine \
	conformance/builtin/enum.wine \
	conformance/builtin/callback.wine \
	conformance/builtin/imagehlp.wine \
	conformance/builtin/badpe.wine \
	conformance/builtin/threads.wine
TESTS += $(WTEST_OURS) $(WTEST_WINE)
EXTRA_DIST += tools/wine-test.sh tools/wtest-table.sh \
	$(WTEST_OURS) $(WTEST_WINE)

# The coverage table (area x implementation): tools/wine-test.sh rewrites
# conformance-results.md after each area it runs.
CLEANFILES += conformance-results.md
distclean-local:
	-rm -rf wineprefix
clean-local: clean-conformance
clean-conformance:
	-rm -rf conformance/results conformance/ours
