/*
 * wtest.c: the harness behind wtest.h (counters, output, area dispatch).
 *
 * Checks may be made from several threads (the stress area does); counters
 * are interlocked and output lines are serialised.  todo blocks and context
 * strings belong to the main thread.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "wtest.h"

enum wtest_platform wtest_platform;
HMODULE wtest_dbghelp;
char wtest_tmpdir[MAX_PATH];
char wtest_exedir[MAX_PATH];
char wtest_fixtures[MAX_PATH];
BOOL wtest_running_on_wine;

static LONG successes, failures, todo_count, skipped;
static int todo_level, todo_do_loop;
static const char *area_name = "?";
static CRITICAL_SECTION output_lock;
static char context[8][128];
static int context_count;

/* The areas; each is defined by START_TEST(name) in conformance/NAME.c. */
struct wtest_area
{
    const char *name;
    void (*func)(void);
};
extern const struct wtest_area wtest_areas[];

static void print_prefix(const char *file, int line)
{
    const char *base = strrchr(file, '/');
    int i;

    base = base ? base + 1 : file;
    printf("%s:%d: ", base, line);
    for (i = 0; i < context_count; i++)
        printf("%s: ", context[i]);
}

static void vprint_line(const char *file, int line, const char *what,
                        const char *msg, va_list args)
{
    EnterCriticalSection(&output_lock);
    print_prefix(file, line);
    fputs(what, stdout);
    vprintf(msg, args);
    fflush(stdout);
    LeaveCriticalSection(&output_lock);
}

int wtest_ok(const char *file, int line, int condition, const char *msg, ...)
{
    va_list args;

    va_start(args, msg);
    if (todo_level)
    {
        if (condition)
        {
            vprint_line(file, line, "Test succeeded inside todo block: ", msg, args);
            InterlockedIncrement(&failures);
        }
        else
        {
            vprint_line(file, line, "Test marked todo: ", msg, args);
            InterlockedIncrement(&todo_count);
        }
    }
    else if (!condition)
    {
        vprint_line(file, line, "Test failed: ", msg, args);
        InterlockedIncrement(&failures);
    }
    else
        InterlockedIncrement(&successes);
    va_end(args);
    return condition;
}

void wtest_trace(const char *file, int line, const char *msg, ...)
{
    va_list args;

    va_start(args, msg);
    vprint_line(file, line, "", msg, args);
    va_end(args);
}

void wtest_skip(const char *file, int line, const char *msg, ...)
{
    va_list args;

    va_start(args, msg);
    vprint_line(file, line, "Tests skipped: ", msg, args);
    va_end(args);
    InterlockedIncrement(&skipped);
}

/* win_skip: a missing feature is acceptable on Windows only. */
void wtest_win_skip(const char *file, int line, const char *msg, ...)
{
    va_list args;

    va_start(args, msg);
    if (wtest_platform == WTEST_WINDOWS)
    {
        vprint_line(file, line, "Tests skipped: ", msg, args);
        InterlockedIncrement(&skipped);
    }
    else
    {
        vprint_line(file, line, "Test failed: skipped on this platform: ", msg, args);
        InterlockedIncrement(&failures);
    }
    va_end(args);
}

void wtest_start_todo(int is_todo)
{
    todo_level = (todo_level << 1) | (is_todo != 0);
    todo_do_loop = 1;
}

int wtest_loop_todo(void)
{
    int do_loop = todo_do_loop;
    todo_do_loop = 0;
    return do_loop;
}

void wtest_end_todo(void)
{
    todo_level >>= 1;
}

int wtest_broken(int condition)
{
    return wtest_platform == WTEST_WINDOWS && condition;
}

void wtest_push_context(const char *fmt, ...)
{
    va_list args;

    if (context_count >= (int)(sizeof(context) / sizeof(context[0])))
        return;
    va_start(args, fmt);
    vsnprintf(context[context_count++], sizeof(context[0]), fmt, args);
    va_end(args);
}

void wtest_pop_context(void)
{
    if (context_count > 0) context_count--;
}

LONG wtest_failures(void)
{
    return failures;
}

FARPROC wtest_dbghelp_proc(const char *name)
{
    return GetProcAddress(wtest_dbghelp, name);
}

/* Bytes in busy blocks over every heap of the process.  The list of heaps
 * can be long (Wine's builtin creates a heap per module), so it goes in
 * VirtualAlloc'ed memory, which is not itself a heap block. */
SIZE_T wtest_heap_in_use(void)
{
    HANDLE *heaps = NULL;
    DWORD count = 0, room = 0, i;
    SIZE_T total = 0;

    for (;;)
    {
        count = GetProcessHeaps(room, heaps);
        if (count <= room) break;
        if (heaps) VirtualFree(heaps, 0, MEM_RELEASE);
        room = count + 64;
        heaps = VirtualAlloc(NULL, room * sizeof(*heaps), MEM_COMMIT, PAGE_READWRITE);
        if (!heaps) return 0;
    }
    for (i = 0; i < count; i++)
    {
        PROCESS_HEAP_ENTRY entry;

        if (!HeapLock(heaps[i])) continue;
        entry.lpData = NULL;
        while (HeapWalk(heaps[i], &entry))
            if (entry.wFlags & PROCESS_HEAP_ENTRY_BUSY) total += entry.cbData;
        HeapUnlock(heaps[i]);
    }
    if (heaps) VirtualFree(heaps, 0, MEM_RELEASE);
    return total;
}

/* Wine's builtin PE DLLs carry this text in their DOS stub area. */
static BOOL is_wine_builtin(HMODULE mod)
{
    static const char marker[] = "Wine builtin DLL";
    return !memcmp((const char *)mod + 0x40, marker, sizeof(marker) - 1);
}

/* The first check of every run: the dbghelp.dll under test is the expected
 * one.  A green run against the wrong DLL is the classic false pass. */
static void check_loaded_dbghelp(void)
{
    char path[MAX_PATH];
    const char *expect = getenv("WTEST_DBGHELP");

    wtest_dbghelp = GetModuleHandleA("dbghelp.dll");
    ok(wtest_dbghelp != NULL, "dbghelp.dll is not loaded\n");
    if (!wtest_dbghelp) return;
    GetModuleFileNameA(wtest_dbghelp, path, sizeof(path));
    trace("dbghelp.dll under test: %s\n", path);
    switch (wtest_platform)
    {
    case WTEST_OURS:
        ok(!is_wine_builtin(wtest_dbghelp) && GetProcAddress(wtest_dbghelp, "SymUnloadModule64"),
           "expected our dbghelp.dll, got %s (Wine builtin: %d)\n", path,
           is_wine_builtin(wtest_dbghelp));
        /* The runner may also name the file it expects (case-insensitive
         * suffix match of the Windows path). */
        if (expect && *expect)
        {
            size_t lp = strlen(path), le = strlen(expect);
            ok(lp >= le && !_stricmp(path + lp - le, expect),
               "loaded %s, runner expected %s\n", path, expect);
        }
        break;
    case WTEST_WINE:
        ok(is_wine_builtin(wtest_dbghelp), "expected Wine's builtin dbghelp.dll, got %s\n", path);
        break;
    case WTEST_WINDOWS:
        ok(!is_wine_builtin(wtest_dbghelp), "expected Microsoft's dbghelp.dll, got %s\n", path);
        break;
    }
}

/* imagehlp.dll, loaded once and checked like dbghelp.dll: ours (from the
 * test's directory) in the strict run, Wine's in the comparison run. */
HMODULE wtest_imagehlp(void)
{
    static HMODULE mod;
    char path[MAX_PATH];

    if (mod) return mod;
    mod = LoadLibraryA("imagehlp.dll");
    ok(mod != NULL, "cannot load imagehlp.dll: %lu\n", GetLastError());
    if (!mod) return NULL;
    GetModuleFileNameA(mod, path, sizeof(path));
    switch (wtest_platform)
    {
    case WTEST_OURS:
        ok(!is_wine_builtin(mod) && !_stricmp(path + strlen(path) - strlen("imagehlp.dll"),
                                              "imagehlp.dll") &&
           !_strnicmp(path, wtest_exedir, strlen(wtest_exedir)),
           "expected our imagehlp.dll beside the test, got %s\n", path);
        break;
    case WTEST_WINE:
        ok(is_wine_builtin(mod), "expected Wine's builtin imagehlp.dll, got %s\n", path);
        break;
    case WTEST_WINDOWS:
        ok(!is_wine_builtin(mod), "expected Microsoft's imagehlp.dll, got %s\n", path);
        break;
    }
    return mod;
}

static void make_tmpdir(void)
{
    char base[MAX_PATH];

    GetTempPathA(sizeof(base), base);
    snprintf(wtest_tmpdir, sizeof(wtest_tmpdir), "%sdbgt_%s_%lu\\", base, area_name,
             GetCurrentProcessId());
    CreateDirectoryA(wtest_tmpdir, NULL);
}

/* Best-effort removal of the fixture directory (one level of files, plus
 * one level of subdirectories). */
static void remove_tree(const char *dir, int depth)
{
    char pattern[MAX_PATH], path[MAX_PATH];
    WIN32_FIND_DATAA fd;
    HANDLE h;

    snprintf(pattern, sizeof(pattern), "%s*", dir);
    h = FindFirstFileA(pattern, &fd);
    if (h != INVALID_HANDLE_VALUE)
    {
        do
        {
            if (!strcmp(fd.cFileName, ".") || !strcmp(fd.cFileName, "..")) continue;
            snprintf(path, sizeof(path), "%s%s", dir, fd.cFileName);
            if (fd.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY)
            {
                if (depth < 3)
                {
                    strncat(path, "\\", sizeof(path) - strlen(path) - 1);
                    remove_tree(path, depth + 1);
                }
            }
            else
                DeleteFileA(path);
        } while (FindNextFileA(h, &fd));
        FindClose(h);
    }
    RemoveDirectoryA(dir);
}

int main(int argc, char **argv)
{
    const char *plat = getenv("WTEST_PLATFORM");
    const struct wtest_area *area;
    char *slash;

    InitializeCriticalSection(&output_lock);
    setvbuf(stdout, NULL, _IONBF, 0);
    wtest_running_on_wine =
        GetProcAddress(GetModuleHandleA("ntdll.dll"), "wine_get_version") != NULL;
    if (plat && !strcmp(plat, "ours")) wtest_platform = WTEST_OURS;
    else if (plat && !strcmp(plat, "wine")) wtest_platform = WTEST_WINE;
    else if (plat && !strcmp(plat, "windows")) wtest_platform = WTEST_WINDOWS;
    else wtest_platform = wtest_running_on_wine ? WTEST_WINE : WTEST_WINDOWS;

    GetModuleFileNameA(NULL, wtest_exedir, sizeof(wtest_exedir));
    if ((slash = strrchr(wtest_exedir, '\\'))) slash[1] = 0;

    if (getenv("WTEST_FIXTURES") && *getenv("WTEST_FIXTURES"))
    {
        const char *fx = getenv("WTEST_FIXTURES");
        char *p;
        snprintf(wtest_fixtures, sizeof(wtest_fixtures) - 1, "%s%s", fx[0] == '/' ? "Z:" : "", fx);
        for (p = wtest_fixtures; *p; p++) if (*p == '/') *p = '\\';
        if (p > wtest_fixtures && p[-1] != '\\') { p[0] = '\\'; p[1] = 0; }
    }
    else
        strcpy(wtest_fixtures, wtest_exedir);

    if (argc < 2)
    {
        printf("usage: %s AREA\nareas:", argv[0]);
        for (area = wtest_areas; area->name; area++) printf(" %s", area->name);
        printf("\n");
        return 99;
    }
    for (area = wtest_areas; area->name; area++)
        if (!strcmp(area->name, argv[1])) break;
    if (!area->name)
    {
        printf("unknown area %s\n", argv[1]);
        return 99;
    }
    area_name = area->name;
    make_tmpdir();
    check_loaded_dbghelp();
    area->func();
    remove_tree(wtest_tmpdir, 0);

    printf("%04lx:%s: %ld tests executed (%ld marked as todo, %ld %s), %ld skipped.\n",
           GetCurrentProcessId(), area_name, successes + failures + todo_count, todo_count,
           failures, failures == 1 ? "failure" : "failures", skipped);
    return failures ? 1 : 0;
}
