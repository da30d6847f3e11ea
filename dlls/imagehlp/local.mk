# dlls/imagehlp/local.mk: imagehlp.dll: its own image-file functions, and
# forwarders to dbghelp.dll for the symbol handler and the image helpers.
lib_LTLIBRARIES += dlls/imagehlp/imagehlp.la
dlls_imagehlp_imagehlp_la_SOURCES = dlls/imagehlp/main.c \
	dlls/imagehlp/imagehlp_private.h \
	dlls/imagehlp/mapped.c \
	dlls/imagehlp/checksum.c \
	dlls/imagehlp/loadimage.c \
	dlls/imagehlp/cert.c \
	dlls/imagehlp/bind.c \
	dlls/imagehlp/rebase.c \
	dlls/imagehlp/missing.c \
	dlls/dbghelp/core.h dlls/dbghelp/arena.c dlls/dbghelp/pe.c
dlls_imagehlp_imagehlp_la_CPPFLAGS = $(AM_CPPFLAGS) -D_WIN32_WINNT=0x0601
# The SDK header declares every export dllimport; defining them is fine.
dlls_imagehlp_imagehlp_la_CFLAGS = $(AM_CFLAGS) -Wno-attributes
dlls_imagehlp_imagehlp_la_LIBADD = -lkernel32
dlls_imagehlp_imagehlp_la_LDFLAGS = -module -avoid-version -no-undefined -Wc,-static-libgcc \
	-Wl,--enable-stdcall-fixup \
	-export-symbols $(srcdir)/dlls/imagehlp/imagehlp.def
EXTRA_DIST += dlls/imagehlp/imagehlp.def
EXTRA_dlls_imagehlp_imagehlp_la_DEPENDENCIES = $(srcdir)/dlls/imagehlp/imagehlp.def
