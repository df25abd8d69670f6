#ifndef JOS_KERN_PROC_H
#define JOS_KERN_PROC_H
#ifndef JOS_KERNEL
# error "This is a JOS kernel header; user programs should not #include it"
#endif

#include <inc/env.h>

void	env_end(struct Env *e, int status);
void	env_unblock(struct Env *e);
void	proc_env_freed(struct Env *e);
bool	proc_reading_console(void);
const char *proc_wait_reason(struct Env *e);
void	cons_feed_readers(void);

int	sys_exit(int status);
int	sys_wait(envid_t envid);
int	sys_cgetc_wait(void);
int	sys_exec(envid_t imageid);
void	pipe_mappings_changed(void);
int	sys_pipe_wait(const uint32_t *word, uint32_t seen, const void *fd);
int	sys_pipe_wake(const void *va);
int	sys_pipe_isclosed(const void *fd, const void *data);

#endif // !JOS_KERN_PROC_H
