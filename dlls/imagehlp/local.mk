# dlls/imagehlp/local.mk: imagehlp.dll, forwarding its Sym* exports.
lib_LTLIBRARIES += dlls/imagehlp/imagehlp.la
dlls_imagehlp_imagehlp_la_SOURCES = dlls/imagehlp/main.c
dlls_imagehlp_imagehlp_la_LDFLAGS = -module -avoid-version -no-undefined -Wc,-static-libgcc \
	-export-symbols $(srcdir)/dlls/imagehlp/imagehlp.def
EXTRA_DIST += dlls/imagehlp/imagehlp.def
EXTRA_dlls_imagehlp_imagehlp_la_DEPENDENCIES = $(srcdir)/dlls/imagehlp/imagehlp.def
