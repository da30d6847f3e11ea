/*
 * sampledll.c: the DLL that sample.exe loads and unloads under dbgtrace.
 * Built twice, as sampledll.dll and (with -DSAMPLE_SECOND) sampledll2.dll,
 * so that the timeline shows two modules with different lifetimes.
 * Each copy exports one function whose answer tells the copies apart.
 */

#include <windows.h>

#ifdef SAMPLE_SECOND
#define SAMPLE_ANSWER 2
#else
#define SAMPLE_ANSWER 1
#endif

int __declspec(dllexport) sample_answer(void);

int __declspec(dllexport) sample_answer(void)
{
    return SAMPLE_ANSWER;
}
