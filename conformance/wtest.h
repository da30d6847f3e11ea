/*
 * wtest.h: a winetest-compatible test harness written for this project.
 *
 * Checks print "file:line: Test failed: ..." on failure and the program ends
 * with "N tests executed (N marked as todo, N failures), N skipped.".
 *
 * One program holds every area; `dbghelp_test.exe AREA` runs one of them.
 * The platform the checks are judged against comes from WTEST_PLATFORM:
 *   ours     our dbghelp.dll must be loaded; todo_wine and broken() are not
 *            accepted: every check must pass as written (strict mode).
 *   wine     Wine's builtin dbghelp.dll must be loaded; todo_wine blocks are
 *            expected to fail (Wine's known deviations).
 *   windows  Microsoft's dbghelp.dll; broken() variants are accepted.
 * If WTEST_PLATFORM is unset the harness guesses: "wine" under Wine, else
 * "windows".
 */
#ifndef WTEST_H
#define WTEST_H

#include <stdarg.h>
#include <windows.h>

/* The platform judged against; see above. */
enum wtest_platform { WTEST_OURS, WTEST_WINE, WTEST_WINDOWS };
extern enum wtest_platform wtest_platform;

/* Report a check. Returns `condition` (non-zero when the check passed). */
int wtest_ok(const char *file, int line, int condition, const char *msg, ...)
    __attribute__((format(printf, 4, 5)));
void wtest_trace(const char *file, int line, const char *msg, ...)
    __attribute__((format(printf, 3, 4)));
void wtest_skip(const char *file, int line, const char *msg, ...)
    __attribute__((format(printf, 3, 4)));
void wtest_win_skip(const char *file, int line, const char *msg, ...)
    __attribute__((format(printf, 3, 4)));

/* todo blocks: wtest_start_todo(is_todo) ... wtest_end_todo(). */
void wtest_start_todo(int is_todo);
int wtest_loop_todo(void);
void wtest_end_todo(void);

/* broken(x): accepted only on Windows (documented older variants). */
int wtest_broken(int condition);

/* Context strings prefixed to failures, like winetest_push_context. */
void wtest_push_context(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void wtest_pop_context(void);

/* Counters, for tests that want to know whether they are still clean. */
LONG wtest_failures(void);

#define ok(cond, ...) wtest_ok(__FILE__, __LINE__, (cond) ? 1 : 0, __VA_ARGS__)
#define trace(...) wtest_trace(__FILE__, __LINE__, __VA_ARGS__)
#define skip(...) wtest_skip(__FILE__, __LINE__, __VA_ARGS__)
#define win_skip(...) wtest_win_skip(__FILE__, __LINE__, __VA_ARGS__)
#define broken(cond) wtest_broken((cond) ? 1 : 0)

#define todo_if(is_todo) \
    for (wtest_start_todo(is_todo); wtest_loop_todo(); wtest_end_todo())
#define todo_wine todo_if(wtest_platform == WTEST_WINE)
#define todo_wine_if(is_todo) todo_if((is_todo) && wtest_platform == WTEST_WINE)
/* The 32-bit build (i686 tree): for the deviations of Wine's 32-bit builtin. */
#define WTEST_32BIT (sizeof(void *) == 4)

#define winetest_push_context wtest_push_context
#define winetest_pop_context wtest_pop_context

/* One function per area: START_TEST(module) defines func_module(). The list
 * of areas lives in testlist.c. */
#define START_TEST(name) void func_##name(void); void func_##name(void)

/* Helpers shared by every area. */

/* The dbghelp.dll module the test runs against (loaded at start). */
extern HMODULE wtest_dbghelp;
/* Directory for fixtures written at run time (ends with a backslash). */
extern char wtest_tmpdir[MAX_PATH];
/* Directory of the test executable (ends with a backslash). */
extern char wtest_exedir[MAX_PATH];
/* Directory of the fixture DLLs built by make (ends with a backslash): from
 * WTEST_FIXTURES (a Unix path is mapped to Wine's Z: drive), else the
 * executable's directory. */
extern char wtest_fixtures[MAX_PATH];
/* TRUE when running under Wine (ntdll exports wine_get_version). */
extern BOOL wtest_running_on_wine;

/* Bytes in busy blocks over every heap of the process (HeapWalk), for leak
 * checks: under Wine GetProcessMemoryInfo reports private bytes as 0. */
SIZE_T wtest_heap_in_use(void);

/* imagehlp.dll, loaded on first use and checked to be the one under test
 * (ours or Wine's builtin, as the run says); NULL when it cannot load. */
HMODULE wtest_imagehlp(void);

/* Resolve an export of the dbghelp.dll under test, or of imagehlp.dll. */
FARPROC wtest_dbghelp_proc(const char *name);

#endif /* WTEST_H */
