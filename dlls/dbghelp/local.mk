# dlls/dbghelp/local.mk: dbghelp.dll, and the native build of its portable
# core for the sanitizer tests.

# Sources that include no windows.h: they also build natively (tests/).
DBGHELP_CORE = \
	dlls/dbghelp/core.h \
	dlls/dbghelp/arena.c \
	dlls/dbghelp/pe.c \
	dlls/dbghelp/msf.h \
	dlls/dbghelp/msf.c \
	dlls/dbghelp/mdmp.h \
	dlls/dbghelp/mdmp.c \
	dlls/dbghelp/modindex.c \
	dlls/dbghelp/unwind.h \
	dlls/dbghelp/unwind.c \
	dlls/dbghelp/symtab.h \
	dlls/dbghelp/symtab.c \
	dlls/dbghelp/reader.h \
	dlls/dbghelp/coff.c \
	dlls/dbghelp/dwarf_reader.h \
	dlls/dbghelp/dwarf_int.h \
	dlls/dbghelp/dwarf.c \
	dlls/dbghelp/dwtypes.c \
	dlls/dbghelp/pdb_int.h \
	dlls/dbghelp/pdb.c \
	dlls/dbghelp/pdbtypes.c \
	dlls/dbghelp/types.h \
	dlls/dbghelp/types.c \
	dlls/dbghelp/undname.h \
	dlls/dbghelp/undname_private.h \
	dlls/dbghelp/undname.c \
	dlls/dbghelp/undname_itanium.c

lib_LTLIBRARIES += dlls/dbghelp/dbghelp.la
dlls_dbghelp_dbghelp_la_SOURCES = $(DBGHELP_CORE) \
	dlls/dbghelp/dbghelp_private.h \
	dlls/dbghelp/main.c \
	dlls/dbghelp/strings.c \
	dlls/dbghelp/process.c \
	dlls/dbghelp/module.c \
	dlls/dbghelp/moddebug.c \
	dlls/dbghelp/search.c \
	dlls/dbghelp/findfile.c \
	dlls/dbghelp/symsrv.c \
	dlls/dbghelp/symstore.c \
	dlls/dbghelp/memory.c \
	dlls/dbghelp/modinfo.c \
	dlls/dbghelp/loaded.c \
	dlls/dbghelp/symbol.c \
	dlls/dbghelp/symnext.c \
	dlls/dbghelp/symenum.c \
	dlls/dbghelp/typeinfo.c \
	dlls/dbghelp/line.c \
	dlls/dbghelp/stack.c \
	dlls/dbghelp/image.c \
	dlls/dbghelp/minidump.c \
	dlls/dbghelp/missing.c
dlls_dbghelp_dbghelp_la_SOURCES += dlls/dbghelp/undecorate.c
dlls_dbghelp_dbghelp_la_CPPFLAGS = $(AM_CPPFLAGS) -D_WIN32_WINNT=0x0601 -DPSAPI_VERSION=2 \
	$(LIBDWARF_CFLAGS)
# The SDK header declares every export dllimport; defining them is fine.
dlls_dbghelp_dbghelp_la_CFLAGS = $(AM_CFLAGS) -Wno-attributes
# Static libgcc: the DLL must import nothing but system DLLs.
dlls_dbghelp_dbghelp_la_LDFLAGS = -module -avoid-version -no-undefined \
	-Wl,--enable-stdcall-fixup -Wc,-static-libgcc \
	-export-symbols $(srcdir)/dlls/dbghelp/dbghelp.def
dlls_dbghelp_dbghelp_la_LIBADD = $(LIBDWARF_LIBS) -lkernel32
EXTRA_DIST += dlls/dbghelp/dbghelp.def
EXTRA_dlls_dbghelp_dbghelp_la_DEPENDENCIES = $(srcdir)/dlls/dbghelp/dbghelp.def $(LIBDWARF_A)

# The built DLLs' export and import tables against the .def files.
TESTS += dlls/dbghelp/tests/exports.test dlls/dbghelp/tests/native.test \
	dlls/dbghelp/tests/api-status.test
CLEANFILES += dlls/dbghelp/tests/core_tests dlls/dbghelp/tests/symtab_tests \
	dlls/dbghelp/tests/fixture-dwarf*.dll dlls/dbghelp/tests/unwind_tests
CLEANFILES += dlls/dbghelp/tests/undname_tests dlls/dbghelp/tests/cv.c \
	dlls/dbghelp/tests/fixture-cv-x86_64.dll dlls/dbghelp/tests/fixture-cv-i686.dll
EXTRA_DIST += dlls/dbghelp/tests/undname_tests.c
EXTRA_DIST += dlls/dbghelp/tests/api-status.test tools/api-status.sh
EXTRA_DIST += dlls/dbghelp/tests/exports.test dlls/dbghelp/tests/native.test \
	dlls/dbghelp/tests/core_tests.c \
	dlls/dbghelp/tests/symtab_tests.c dlls/dbghelp/tests/dwarf_fixture.c dlls/dbghelp/tests/unwind_tests.c
