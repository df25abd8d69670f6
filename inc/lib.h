// The user library: everything a program in user/ may call.
// Source-compatible with the JOS labs' inc/lib.h.

#ifndef JOS_INC_LIB_H
#define JOS_INC_LIB_H 1

#include <inc/types.h>
#include <inc/stdio.h>
#include <inc/stdarg.h>
#include <inc/string.h>
#include <inc/error.h>
#include <inc/assert.h>
#include <inc/env.h>
#include <inc/memlayout.h>
#include <inc/syscall.h>
#include <inc/trap.h>
#include <inc/fs.h>
#include <inc/fd.h>
#include <inc/args.h>

#define USED(x)		(void)(x)

// The program's own entry point.
void	umain(int argc, char **argv);

// lib/libmain.c, lib/entry.S
extern const char *binaryname;
extern const volatile struct Env *thisenv;
extern const volatile struct Env envs[NENV];
extern const volatile struct PageInfo pages[];

// lib/exit.c: exit() ends the program with status 0, as in JOS; exit(n)
// with status n (0-255). wait() in lib/wait.c returns the status.
void	exit_status(int status) __attribute__((noreturn));
#define exit(...)	exit_status(0 __VA_OPT__(+ (__VA_ARGS__)))

// lib/pgfault.c
void	set_pgfault_handler(void (*handler)(struct UTrapframe *utf));

// lib/syscall.c
void	sys_cputs(const char *string, size_t len);
int	sys_cgetc(void);
envid_t	sys_getenvid(void);
int	sys_env_destroy(envid_t);
void	sys_yield(void);
static envid_t sys_exofork(void);
int	sys_env_set_status(envid_t env, int status);
int	sys_env_set_trapframe(envid_t env, struct Trapframe *tf);
int	sys_env_set_pgfault_upcall(envid_t env, void *upcall);
int	sys_page_alloc(envid_t env, void *pg, int perm);
int	sys_page_map(envid_t src_env, void *src_pg,
		     envid_t dst_env, void *dst_pg, int perm);
int	sys_page_unmap(envid_t env, void *pg);
int	sys_ipc_try_send(envid_t to_env, uint32_t value, void *pg, int perm);
int	sys_ipc_recv(void *rcv_pg);
envid_t	sys_fork(void);
int	sys_sink(const void *buf, size_t len);
void	sys_exit(int status);
int	sys_wait(envid_t envid);
int	sys_cgetc_wait(void);
int	sys_exec(envid_t image);
int	sys_ipc_recv_from(envid_t from, void *rcv_pg);
int	sys_pipe_wait(const volatile uint32_t *word, uint32_t seen, const void *fd);
int	sys_pipe_wake(const volatile void *va);
int	sys_env_set_name(envid_t envid, const char *name);
int	sys_pipe_isclosed(const void *fd, const volatile void *data);
// Any call by int $0x30 or by sysenter, whatever the library's default
// (lib/syscall.c): number, then the arguments.
int32_t	syscall_int(uint32_t num, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4, uint32_t a5);
int32_t	syscall_sysenter(uint32_t num, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4);

// sys_exofork returns twice, in parent and child, so it must not be a
// function call: the child starts with the parent's registers but not with
// a call frame of its own on the stack.
static inline envid_t __attribute__((always_inline))
sys_exofork(void)
{
	envid_t ret;
	asm volatile("int %2"
		     : "=a" (ret)
		     : "a" (SYS_exofork), "i" (T_SYSCALL));
	return ret;
}

// lib/ipc.c
void	ipc_send(envid_t to_env, uint32_t value, void *pg, int perm);
int32_t ipc_recv(envid_t *from_env_store, void *pg, int *perm_store);
envid_t	ipc_find_env(enum EnvType type);

// lib/wait.c
int	wait(envid_t envid);

// lib/fork.c
envid_t	fork(void);
envid_t	sfork(void);

// lib/fd.c
ssize_t	read(int fd, void *buf, size_t nbytes);
ssize_t	readn(int fd, void *buf, size_t nbytes);
ssize_t	write(int fd, const void *buf, size_t nbytes);
int	seek(int fd, off_t offset);
int	close(int fd);
void	close_all(void);
int	dup(int oldfd, int newfd);
int	fstat(int fd, struct Stat *statbuf);
int	stat(const char *path, struct Stat *statbuf);
int	ftruncate(int fd, off_t size);

// lib/file.c
int	open(const char *path, int mode);
int	remove(const char *path);
int	sync(void);

// lib/pageref.c
int	pageref(void *addr);

// lib/console.c
int	opencons(void);

// lib/pipe.c
int	pipe(int pfd[2]);
int	pipeisclosed(int fdnum);

// lib/spawn.c: spawn starts a program from the file system as a child;
// exec replaces the caller's program (same envid, same descriptors) and
// returns only on failure. -E_NOT_FOUND: no such file; -E_NOT_EXEC: not
// a program.
envid_t	spawn(const char *program, const char **argv);
envid_t	spawnl(const char *program, const char *arg0, ...);
int	exec(const char *program, const char **argv);
int	execl(const char *program, const char *arg0, ...);

// File open modes, for source compatibility with later labs.
#define	O_RDONLY	0x0000
#define	O_WRONLY	0x0001
#define	O_RDWR		0x0002
#define	O_ACCMODE	0x0003
#define	O_CREAT		0x0100
#define	O_TRUNC		0x0200
#define	O_EXCL		0x0400
#define O_MKDIR		0x0800

#endif	// !JOS_INC_LIB_H
