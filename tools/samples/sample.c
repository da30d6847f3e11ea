/*
 * sample.c: the debuggee dbgtrace runs by default.  Its module events come
 * in a fixed order, which the demo test checks:
 *   load sampledll, load sampledll2, unload sampledll, load sampledll,
 *   unload sampledll, unload sampledll2, exit 0.
 * It reports its steps with OutputDebugStringA (never stdout, which it
 * shares with the debugger) and exits with the number of the failed step.
 */

#include <windows.h>
#include <string.h>

typedef int (*sample_answer_func)(void);

/* Loads a DLL from this program's own directory, so that no copy elsewhere
 * on the search path can stand in for it. */
static HMODULE load_sample(const char *name)
{
    char path[MAX_PATH + 32], *slash;
    DWORD len = GetModuleFileNameA(NULL, path, MAX_PATH);

    if (!len || len >= MAX_PATH) return NULL;
    slash = strrchr(path, '\\');
    strcpy(slash ? slash + 1 : path, name);
    return LoadLibraryA(path);
}

static int call_sample(HMODULE module, int expect)
{
    sample_answer_func func;

    if (!module) return 0;
    func = (sample_answer_func)(void *)GetProcAddress(module, "sample_answer");
    return func && func() == expect;
}

int main(void)
{
    HMODULE one, two;

    OutputDebugStringA("sample: start\n");
    one = load_sample("sampledll.dll");
    if (!call_sample(one, 1)) return 1;
    two = load_sample("sampledll2.dll");
    if (!call_sample(two, 2)) return 2;
    OutputDebugStringA("sample: both loaded\n");

    if (!FreeLibrary(one)) return 3;
    one = load_sample("sampledll.dll");
    if (!call_sample(one, 1)) return 4;
    OutputDebugStringA("sample: sampledll reloaded\n");

    if (!FreeLibrary(one)) return 5;
    if (!FreeLibrary(two)) return 6;
    OutputDebugStringA("sample: done\n");
    return 0;
}
