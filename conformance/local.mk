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
	conformance/image.c \
	conformance/mkpe.c conformance/mkpe.h conformance/cvinfo.c conformance/imagefile.c conformance/imagecert.c conformance/findfile.c \
	conformance/bindrebase.c conformance/components.c \
	conformance/symsrv.c conformance/pathsearch.c conformance/minidump.c \
	conformance/badpe.c \
	conformance/threads.c \
	conformance/stack.c \
	conformance/fixsym_util.c conformance/fixsym_util.h conformance/fixtures/fixsym.h \
	conformance/symbol.c conformance/line.c conformance/pdb.c \
	conformance/types.c conformance/fixtures/fixtype.h
conformance_dbghelp_test_LDADD = -ldbghelp -limagehlp -lpsapi
# The test must bind to whatever dbghelp.dll Wine loads, never to ours
# through libtool: it links mingw's import libraries only, and with the
# compiler directly, since on mingw libtool would leave a wrapper .exe here.
# --build-id: the program carries a CodeView record (minidump's module list).
# --pdb: the record names a PDB file (ld writes it here; the areas run a
# copy of the program elsewhere, without it).  A record with no name makes
# Wine's builtin open every file of the program's directory as a PDB, the
# program itself included, and fault in SymCleanup on some of them.
conformance_dbghelp_test_LINK = $(CCLD) $(AM_CFLAGS) $(CFLAGS) $(AM_LDFLAGS) $(LDFLAGS) -Wl,--build-id \
	-Wl,--pdb=conformance/dbghelp_test.pdb -o $@
CLEANFILES += conformance/dbghelp_test.pdb

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

# The symbol and line fixture (fixsym.c) in every debug-info packaging, each
# at its own image base.  Plain rules: the packaging flags (-O0, -gdwarf-4)
# must not be overridden by the user's CFLAGS, which libtool puts last.  The
# files go where the test looks for fixtures (WTEST_FIXTURES, the .libs
# directory of fixa/fixb, removed by clean-libtool).
FIXSYM_DIR = conformance/fixtures/.libs
FIXSYM_SRC = $(srcdir)/conformance/fixtures/fixsym.c
FIXSYM_DEPS = $(FIXSYM_SRC) $(srcdir)/conformance/fixtures/fixsym.h
FIXSYM_CC = $(MKDIR_P) $(FIXSYM_DIR) && $(CC) $(AM_CPPFLAGS) $(CPPFLAGS) $(AM_CFLAGS) \
	-shared $(LDFLAGS) -o $@.tmp $(FIXSYM_SRC)
# Split: the image stripped of .debug_* with a .gnu_debuglink to $$dbg.
FIXSYM_SPLIT = $(OBJCOPY) --only-keep-debug $@.tmp $$dbg && \
	$(OBJCOPY) --strip-debug --add-gnu-debuglink=$$dbg $@.tmp
FIXSYM_FILES = $(FIXSYM_DIR)/fixsym_d4o0.dll $(FIXSYM_DIR)/fixsym_d5o0.dll \
	$(FIXSYM_DIR)/fixsym_d4o2.dll $(FIXSYM_DIR)/fixsym_d5o2.dll \
	$(FIXSYM_DIR)/fixsym_coff.dll $(FIXSYM_DIR)/fixsym_exp.dll \
	$(FIXSYM_DIR)/fixsym_side.dll $(FIXSYM_DIR)/fixsym_sub.dll \
	$(FIXSYM_DIR)/fixsym_path.dll $(FIXSYM_DIR)/fixsym_bad.dll
EXTRA_conformance_dbghelp_test_DEPENDENCIES = $(FIXSYM_FILES)
EXTRA_DIST += conformance/fixtures/fixsym.c
$(FIXSYM_DIR)/fixsym_d4o0.dll: $(FIXSYM_DEPS)
	$(AM_V_CC)$(FIXSYM_CC) -gdwarf-4 -O0 -Wl,--image-base=0x30000000 && mv -f $@.tmp $@
$(FIXSYM_DIR)/fixsym_d5o0.dll: $(FIXSYM_DEPS)
	$(AM_V_CC)$(FIXSYM_CC) -gdwarf-5 -O0 -Wl,--image-base=0x31000000 && mv -f $@.tmp $@
$(FIXSYM_DIR)/fixsym_d4o2.dll: $(FIXSYM_DEPS)
	$(AM_V_CC)$(FIXSYM_CC) -gdwarf-4 -O2 -Wl,--image-base=0x32000000 && mv -f $@.tmp $@
$(FIXSYM_DIR)/fixsym_d5o2.dll: $(FIXSYM_DEPS)
	$(AM_V_CC)$(FIXSYM_CC) -gdwarf-5 -O2 -Wl,--image-base=0x33000000 && mv -f $@.tmp $@
# COFF symbol table only (objcopy --strip-debug keeps it on PE).
$(FIXSYM_DIR)/fixsym_coff.dll: $(FIXSYM_DEPS)
	$(AM_V_CC)$(FIXSYM_CC) -gdwarf-4 -O0 -Wl,--image-base=0x34000000 && \
	$(OBJCOPY) --strip-debug $@.tmp && mv -f $@.tmp $@
# Exports only (-s drops the COFF symbol table too).
$(FIXSYM_DIR)/fixsym_exp.dll: $(FIXSYM_DEPS)
	$(AM_V_CC)$(FIXSYM_CC) -gdwarf-4 -O0 -s -Wl,--image-base=0x35000000 && mv -f $@.tmp $@
# Debug file beside the image.
$(FIXSYM_DIR)/fixsym_side.dll: $(FIXSYM_DEPS)
	$(AM_V_CC)$(FIXSYM_CC) -gdwarf-4 -O0 -Wl,--image-base=0x36000000 && \
	dbg=$(FIXSYM_DIR)/fixsym_side.debug && $(FIXSYM_SPLIT) && mv -f $@.tmp $@
# Debug file in the .debug subfolder of the image's directory.
$(FIXSYM_DIR)/fixsym_sub.dll: $(FIXSYM_DEPS)
	$(AM_V_CC)$(FIXSYM_CC) -gdwarf-4 -O0 -Wl,--image-base=0x37000000 && \
	$(MKDIR_P) $(FIXSYM_DIR)/.debug && \
	dbg=$(FIXSYM_DIR)/.debug/fixsym_sub.debug && $(FIXSYM_SPLIT) && mv -f $@.tmp $@
# Debug file in symdir/, which the test puts in the symbol search path.
$(FIXSYM_DIR)/fixsym_path.dll: $(FIXSYM_DEPS)
	$(AM_V_CC)$(FIXSYM_CC) -gdwarf-4 -O0 -Wl,--image-base=0x38000000 && \
	$(MKDIR_P) $(FIXSYM_DIR)/symdir && \
	dbg=$(FIXSYM_DIR)/symdir/fixsym_path.debug && $(FIXSYM_SPLIT) && mv -f $@.tmp $@
# Debug file beside the image but changed after the link: CRC mismatch.
$(FIXSYM_DIR)/fixsym_bad.dll: $(FIXSYM_DEPS)
	$(AM_V_CC)$(FIXSYM_CC) -gdwarf-4 -O0 -Wl,--image-base=0x39000000 && \
	dbg=$(FIXSYM_DIR)/fixsym_bad.debug && $(FIXSYM_SPLIT) && \
	printf 'not the linked file' >> $$dbg && mv -f $@.tmp $@

# The same fixture from clang with CodeView: a PDB and no DWARF (the mingw
# CRT's DWARF is stripped).  fixsym_pdb names its PDB by absolute path, and
# it is beside the image; fixsym_pdbp names only the file's name
# (/brepro /pdbaltpath:%_PDB%) and the PDB is in symdir/, on the search
# path; fixsym_pdbo is -O1 (inlined calls are S_INLINESITE records).
FIXSYM_CLANG = $(MKDIR_P) $(FIXSYM_DIR) && clang --target=$(host) -Wno-unknown-attributes -g -gcodeview \
	-fuse-ld=lld -L$$(dirname $$($(CC) -print-libgcc-file-name)) -shared -o $@.tmp $(FIXSYM_SRC)
FIXSYM_FILES += $(FIXSYM_DIR)/fixsym_pdb.dll $(FIXSYM_DIR)/fixsym_pdbp.dll $(FIXSYM_DIR)/fixsym_pdbo.dll
$(FIXSYM_DIR)/fixsym_pdb.dll: $(FIXSYM_DEPS)
	$(AM_V_CC)$(FIXSYM_CLANG) -O0 -Wl,--image-base=0x2a000000 -Wl,--pdb=$(abs_builddir)/$(FIXSYM_DIR)/fixsym_pdb.pdb && \
	$(OBJCOPY) --strip-debug $@.tmp && mv -f $@.tmp $@
$(FIXSYM_DIR)/fixsym_pdbp.dll: $(FIXSYM_DEPS)
	$(AM_V_CC)$(MKDIR_P) $(FIXSYM_DIR)/symdir && $(FIXSYM_CLANG) -O0 -Wl,--image-base=0x2b000000 \
	-Wl,--pdb=$(FIXSYM_DIR)/symdir/fixsym_pdbp.pdb -Wl,-Xlink=-brepro -Wl,-Xlink=-pdbaltpath:%_PDB% && \
	$(OBJCOPY) --strip-debug $@.tmp && mv -f $@.tmp $@
$(FIXSYM_DIR)/fixsym_pdbo.dll: $(FIXSYM_DEPS)
	$(AM_V_CC)$(FIXSYM_CLANG) -O1 -Wl,--image-base=0x2c000000 -Wl,--pdb=$(FIXSYM_DIR)/fixsym_pdbo.pdb && \
	$(OBJCOPY) --strip-debug $@.tmp && mv -f $@.tmp $@
CLEANFILES += $(FIXSYM_DIR)/fixsym_pdb.pdb $(FIXSYM_DIR)/symdir/fixsym_pdbp.pdb $(FIXSYM_DIR)/fixsym_pdbo.pdb
# Not an area variant: the same with the CRT's DWARF kept (a PDB for the
# fixture, DWARF for the CRT), its PDB named by file name only; the pdb
# area reads it from a grown copy of the PDB, by units from both.
FIXSYM_FILES += $(FIXSYM_DIR)/fixsym_both.dll
$(FIXSYM_DIR)/fixsym_both.dll: $(FIXSYM_DEPS)
	$(AM_V_CC)$(MKDIR_P) $(FIXSYM_DIR)/symdir && $(FIXSYM_CLANG) -O0 -Wl,--image-base=0x2d000000 \
	-Wl,--pdb=$(FIXSYM_DIR)/symdir/fixsym_both.pdb -Wl,-Xlink=-brepro -Wl,-Xlink=-pdbaltpath:%_PDB% && \
	mv -f $@.tmp $@
CLEANFILES += $(FIXSYM_DIR)/symdir/fixsym_both.pdb

# The i386 frame data fixture (fixfpo.c): clang -gcodeview -O2, no frame
# pointers, no unwind tables (and .debug_frame stripped), no C runtime:
# only its PDB's frame data
# unwinds it (the stack area, i686 tree).  Built in both trees; the x86_64
# one is not used.
FIXFPO_SRC = $(srcdir)/conformance/fixtures/fixfpo.c
EXTRA_conformance_dbghelp_test_DEPENDENCIES += $(FIXSYM_DIR)/fixfpo.dll
EXTRA_DIST += conformance/fixtures/fixfpo.c
$(FIXSYM_DIR)/fixfpo.dll: $(FIXFPO_SRC)
	$(AM_V_CC)$(MKDIR_P) $(FIXSYM_DIR) && clang --target=$(host) -g -gcodeview -O2 -fomit-frame-pointer \
	-fno-asynchronous-unwind-tables -fno-unwind-tables -fuse-ld=lld -shared -nostdlib \
	-Wl,--image-base=0x27000000 -o $@.tmp $(FIXFPO_SRC) -Wl,--pdb=$(FIXSYM_DIR)/fixfpo.pdb && \
	$(OBJCOPY) --strip-debug $@.tmp && mv -f $@.tmp $@
CLEANFILES += $(FIXSYM_DIR)/fixfpo.pdb

# The MSVC-ABI fixture (fixmsvc.cpp): clang in cl mode (/Z7: CodeView in
# the object) and lld-link, no C runtime and no entry point, as
# Microsoft's toolchain builds a DLL (the pdb area).
FIXMSVC_SRC = $(srcdir)/conformance/fixtures/fixmsvc.cpp
EXTRA_conformance_dbghelp_test_DEPENDENCIES += $(FIXSYM_DIR)/fixmsvc.dll
EXTRA_DIST += conformance/fixtures/fixmsvc.cpp conformance/fixtures/fixmsvc.h
$(FIXSYM_DIR)/fixmsvc.dll: $(FIXMSVC_SRC) $(srcdir)/conformance/fixtures/fixmsvc.h
	$(AM_V_CC)$(MKDIR_P) $(FIXSYM_DIR) && clang --driver-mode=cl --target=$(host_cpu)-pc-windows-msvc /nologo /Z7 \
	/O1 /GS- /GR- /EHs-c- /Brepro /c -I$(srcdir)/conformance/fixtures /Fo$(FIXSYM_DIR)/fixmsvc.obj -- $(FIXMSVC_SRC) && \
	lld-link /nologo /dll /debug /noentry /nodefaultlib /brepro /base:0x26000000 \
	/pdb:$(abs_builddir)/$(FIXSYM_DIR)/fixmsvc.pdb /out:$@ $(FIXSYM_DIR)/fixmsvc.obj
CLEANFILES += $(FIXSYM_DIR)/fixmsvc.pdb $(FIXSYM_DIR)/fixmsvc.obj $(FIXSYM_DIR)/fixmsvc.lib

# The type fixture (fixtype.c, types in fixtype.h) in the DWARF versions
# and optimisation levels the types area reads.
FIXTYPE_SRC = $(srcdir)/conformance/fixtures/fixtype.c
FIXTYPE_DEPS = $(FIXTYPE_SRC) $(srcdir)/conformance/fixtures/fixtype.h
FIXTYPE_CC = $(MKDIR_P) $(FIXSYM_DIR) && $(CC) $(AM_CPPFLAGS) $(CPPFLAGS) $(AM_CFLAGS) \
	-shared $(LDFLAGS) -o $@.tmp $(FIXTYPE_SRC)
FIXTYPE_FILES = $(FIXSYM_DIR)/fixtype_d2o0.dll $(FIXSYM_DIR)/fixtype_d4o0.dll \
	$(FIXSYM_DIR)/fixtype_d5o0.dll $(FIXSYM_DIR)/fixtype_d4o2.dll
EXTRA_conformance_dbghelp_test_DEPENDENCIES += $(FIXTYPE_FILES)
EXTRA_DIST += conformance/fixtures/fixtype.c
$(FIXSYM_DIR)/fixtype_d2o0.dll: $(FIXTYPE_DEPS)
	$(AM_V_CC)$(FIXTYPE_CC) -gdwarf-2 -gstrict-dwarf -O0 -Wl,--image-base=0x3c000000 && mv -f $@.tmp $@
$(FIXSYM_DIR)/fixtype_d4o0.dll: $(FIXTYPE_DEPS)
	$(AM_V_CC)$(FIXTYPE_CC) -gdwarf-4 -O0 -Wl,--image-base=0x3d000000 && mv -f $@.tmp $@
$(FIXSYM_DIR)/fixtype_d5o0.dll: $(FIXTYPE_DEPS)
	$(AM_V_CC)$(FIXTYPE_CC) -gdwarf-5 -O0 -Wl,--image-base=0x3e000000 && mv -f $@.tmp $@
$(FIXSYM_DIR)/fixtype_d4o2.dll: $(FIXTYPE_DEPS)
	$(AM_V_CC)$(FIXTYPE_CC) -gdwarf-4 -O2 -Wl,--image-base=0x3f000000 && mv -f $@.tmp $@

# And from clang with CodeView: the types in a PDB (the DWARF stripped).
FIXTYPE_FILES += $(FIXSYM_DIR)/fixtype_pdb.dll
$(FIXSYM_DIR)/fixtype_pdb.dll: $(FIXTYPE_DEPS)
	$(AM_V_CC)$(MKDIR_P) $(FIXSYM_DIR) && clang --target=$(host) -Wno-unknown-attributes -g -gcodeview -O0 \
	-fuse-ld=lld -L$$(dirname $$($(CC) -print-libgcc-file-name)) -shared -o $@.tmp $(FIXTYPE_SRC) \
	-Wl,--image-base=0x29000000 -Wl,--pdb=$(FIXSYM_DIR)/fixtype_pdb.pdb && \
	$(OBJCOPY) --strip-debug $@.tmp && mv -f $@.tmp $@
CLEANFILES += $(FIXSYM_DIR)/fixtype_pdb.pdb

# The C++ type fixture (fixtypepp.cpp): a class hierarchy, methods, a
# template; self-contained (static libstdc++) so that the area can load it
# and ask it for its layout.
FIXTYPEPP_SRC = $(srcdir)/conformance/fixtures/fixtypepp.cpp
FIXTYPEPP_DEPS = $(FIXTYPEPP_SRC) $(srcdir)/conformance/fixtures/fixtypepp.h
FIXTYPEPP_CXX = $(MKDIR_P) $(FIXSYM_DIR) && $(CC:gcc=g++) -shared -static-libgcc -static-libstdc++ \
	$(LDFLAGS) -o $@.tmp $(FIXTYPEPP_SRC)
FIXTYPEPP_FILES = $(FIXSYM_DIR)/fixtypepp_d4o0.dll $(FIXSYM_DIR)/fixtypepp_d5o0.dll
EXTRA_conformance_dbghelp_test_DEPENDENCIES += $(FIXTYPEPP_FILES)
EXTRA_DIST += conformance/fixtures/fixtypepp.cpp conformance/fixtures/fixtypepp.h
$(FIXSYM_DIR)/fixtypepp_d4o0.dll: $(FIXTYPEPP_DEPS)
	$(AM_V_CC)$(FIXTYPEPP_CXX) -gdwarf-4 -O0 -Wl,--image-base=0x3a000000 && mv -f $@.tmp $@
$(FIXSYM_DIR)/fixtypepp_d5o0.dll: $(FIXTYPEPP_DEPS)
	$(AM_V_CC)$(FIXTYPEPP_CXX) -gdwarf-5 -O0 -Wl,--image-base=0x3b000000 && mv -f $@.tmp $@
# And from clang++ with CodeView, against the same libstdc++ (its headers
# are g++'s, in the mingw compiler's directory): a PDB, the DWARF stripped.
FIXTYPEPP_FILES += $(FIXSYM_DIR)/fixtypepp_pdb.dll
$(FIXSYM_DIR)/fixtypepp_pdb.dll: $(FIXTYPEPP_DEPS)
	$(AM_V_CC)$(MKDIR_P) $(FIXSYM_DIR) && gcclib=$$(dirname $$($(CC) -print-libgcc-file-name)) && \
	clang++ --target=$(host) -g -gcodeview -O0 -fuse-ld=lld -L$$gcclib -isystem $$gcclib/include/c++ \
	-isystem $$gcclib/include/c++/$(host) -shared -static-libgcc -static-libstdc++ -o $@.tmp $(FIXTYPEPP_SRC) \
	-Wl,--image-base=0x28000000 -Wl,--pdb=$(FIXSYM_DIR)/fixtypepp_pdb.pdb && \
	$(OBJCOPY) --strip-debug $@.tmp && mv -f $@.tmp $@
CLEANFILES += $(FIXSYM_DIR)/fixtypepp_pdb.pdb

TEST_EXTENSIONS = .ours .wine
OURS_LOG_COMPILER = $(SHELL) $(top_srcdir)/tools/wine-test.sh ours
WINE_LOG_COMPILER = $(SHELL) $(top_srcdir)/tools/wine-test.sh wine
WTEST_OURS = conformance/strict/process.ours \
	conformance/strict/module.ours \
	conformance/strict/enum.ours \
	conformance/strict/callback.ours \
	conformance/strict/imagehlp.ours \
	conformance/strict/image.ours \
	conformance/strict/cvinfo.ours \
	conformance/strict/imagefile.ours \
	conformance/strict/imagecert.ours \
	conformance/strict/bindrebase.ours \
	conformance/strict/components.ours \
	conformance/strict/findfile.ours \
	conformance/strict/symsrv.ours \
	conformance/strict/pathsearch.ours \
	conformance/strict/minidump.ours \
	conformance/strict/badpe.ours \
	conformance/strict/threads.ours \
	conformance/strict/stack.ours \
	conformance/strict/symbol.ours \
	conformance/strict/line.ours \
	conformance/strict/pdb.ours \
	conformance/strict/types.ours
WTEST_WINE = conformance/builtin/process.wine \
	conformance/builtin/module.wine \
	conformance/builtin/enum.wine \
	conformance/builtin/callback.wine \
	conformance/builtin/imagehlp.wine \
	conformance/builtin/image.wine \
	conformance/builtin/cvinfo.wine \
	conformance/builtin/imagefile.wine \
	conformance/builtin/imagecert.wine \
	conformance/builtin/bindrebase.wine \
	conformance/builtin/components.wine \
	conformance/builtin/findfile.wine \
	conformance/builtin/symsrv.wine \
	conformance/builtin/pathsearch.wine \
	conformance/builtin/minidump.wine \
	conformance/builtin/badpe.wine \
	conformance/builtin/threads.wine \
	conformance/builtin/stack.wine \
	conformance/builtin/symbol.wine \
	conformance/builtin/line.wine \
	conformance/builtin/pdb.wine \
	conformance/builtin/types.wine
conformance_dbghelp_test_SOURCES += conformance/undname.c
WTEST_OURS += conformance/strict/undname.ours
WTEST_WINE += conformance/builtin/undname.wine
TESTS += $(WTEST_OURS) $(WTEST_WINE)
EXTRA_DIST += tools/wine-test.sh tools/wtest-table.sh \
	$(WTEST_OURS) $(WTEST_WINE)

# The coverage table (area x implementation): tools/wine-test.sh rewrites
# conformance-results.md after each area it runs.
CLEANFILES += conformance-results.md
# The prefix's wineserver may still be saving the registry: stop it first.
distclean-local:
	-if test -d wineprefix; then \
	  WINEPREFIX=$(abs_top_builddir)/wineprefix wineserver -k >/dev/null 2>&1; \
	  WINEPREFIX=$(abs_top_builddir)/wineprefix wineserver -w >/dev/null 2>&1; \
	fi; true
	-rm -rf wineprefix
clean-local: clean-conformance
clean-conformance:
	-rm -rf conformance/results conformance/ours
