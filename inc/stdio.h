#ifndef JOS_INC_STDIO_H
#define JOS_INC_STDIO_H

#include <inc/types.h>
#include <inc/stdarg.h>

#ifndef NULL
#define NULL	((void *) 0)
#endif

// lib/console.c (user) and kern/console.c (kernel)
void	cputchar(int c);
int	getchar(void);
int	iscons(int fd);

// lib/printfmt.c
void	printfmt(void (*putch)(int, void*), void *putdat, const char *fmt, ...);
void	vprintfmt(void (*putch)(int, void*), void *putdat, const char *fmt, va_list);
int	snprintf(char *str, int size, const char *fmt, ...);
int	vsnprintf(char *str, int size, const char *fmt, va_list);

// Kernel code is checked by GCC like printf: a wrong argument for a
// conversion is a build error. User code is not, because JOS's programs
// print error codes with %e, which GCC would take for a double; the
// kernel prints them with %s and errstr() instead, or through snprintf.
#ifdef JOS_KERNEL
#define KFORMAT(fmt, args)	__attribute__((format(printf, fmt, args)))
#else
#define KFORMAT(fmt, args)
#endif

// lib/printf.c (user) and kern/printf.c (kernel)
int	cprintf(const char *fmt, ...) KFORMAT(1, 2);
int	vcprintf(const char *fmt, va_list) KFORMAT(1, 0);
// lib/printfmt.c: the text %e prints for an error code (-E_* or E_*)
const char *errstr(int err);

// lib/fprintf.c (user only): to a descriptor; printf to descriptor 1
int	printf(const char *fmt, ...);
int	fprintf(int fd, const char *fmt, ...);
int	vfprintf(int fd, const char *fmt, va_list);

// lib/readline.c
char*	readline(const char *prompt);

#endif /* !JOS_INC_STDIO_H */
