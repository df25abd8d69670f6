// Pipes (devpipe), as in JOS lab 5: both ends' descriptors share one data
// page, PTE_SHARE, holding the positions and the buffer, so a pipe lives
// on across fork and spawn with nothing in the kernel but the page.
//
// An end is closed when nobody maps its descriptor page any more. Each
// mapping of a descriptor page comes with one of the data page, so the
// data page has as many references as both ends together: the other end
// is closed exactly when our end's page has as many references as the
// data page. dup maps the data page before the descriptor page, and close
// unmaps them the other way round, so the data page's count never lags.
//
// Unlike JOS's, a reader with nothing to read and a writer with no room
// sleep in the kernel (sys_pipe_wait) instead of spinning in sys_yield:
// the other end wakes them after moving bytes (sys_pipe_wake), and the
// kernel wakes them when the other end is gone (it looks whenever pages
// are unmapped or an environment ends: a close, an exit, a death).

#include <inc/lib.h>

struct Pipe {
	volatile uint32_t p_rpos;	// bytes read, ever (wraps at 2^32)
	volatile uint32_t p_wpos;	// bytes written, ever
	volatile uint32_t p_sleepers;	// ends asleep in sys_pipe_wait, or about to be
	uint8_t p_buf[PIPEBUFSIZ];	// byte i is at p_buf[i % PIPEBUFSIZ]
};

// PIPEBUFSIZ divides 2^32, so positions stay right when they wrap.
_Static_assert((PIPEBUFSIZ & (PIPEBUFSIZ - 1)) == 0, "PIPEBUFSIZ is a power of 2");
_Static_assert(sizeof(struct Pipe) <= PGSIZE, "struct Pipe fits its page");

int
pipe(int pfd[2])
{
	struct Fd *fd0, *fd1;
	void *va;
	int r;

	if ((r = fd_alloc(&fd0)) < 0 ||
	    (r = sys_page_alloc(0, fd0, PTE_P | PTE_W | PTE_U | PTE_SHARE)) < 0)
		goto err;
	if ((r = fd_alloc(&fd1)) < 0 ||
	    (r = sys_page_alloc(0, fd1, PTE_P | PTE_W | PTE_U | PTE_SHARE)) < 0)
		goto err1;
	va = fd2data(fd0);
	if ((r = sys_page_alloc(0, va, PTE_P | PTE_W | PTE_U | PTE_SHARE)) < 0)
		goto err2;
	if ((r = sys_page_map(0, va, 0, fd2data(fd1), PTE_P | PTE_W | PTE_U | PTE_SHARE)) < 0)
		goto err3;

	fd0->fd_dev_id = devpipe.dev_id;
	fd0->fd_omode = O_RDONLY;
	fd1->fd_dev_id = devpipe.dev_id;
	fd1->fd_omode = O_WRONLY;
	pfd[0] = fd2num(fd0);
	pfd[1] = fd2num(fd1);
	return 0;

err3:
	sys_page_unmap(0, va);
err2:
	sys_page_unmap(0, fd1);
err1:
	sys_page_unmap(0, fd0);
err:
	return r;
}

// Whether the other end of fd is closed. The kernel compares the two
// counts: read here, one after the other, another CPU could unmap pages
// between the reads and make a pipe that is open look closed.
static int
_pipeisclosed(struct Fd *fd, struct Pipe *p)
{
	return sys_pipe_isclosed(fd, p) == 1;
}

int
pipeisclosed(int fdnum)
{
	struct Fd *fd;
	int r;

	if ((r = fd_lookup(fdnum, &fd)) < 0)
		return r;
	return _pipeisclosed(fd, (struct Pipe *) fd2data(fd));
}

// Sleep while *word == seen (no bytes moved) and the other end is open.
// Returns 1 if the other end is closed, else 0 (woken: look again).
//
// p_sleepers goes up first, so an end that moves bytes after this point
// sees it and wakes us. The kernel checks the page counts and the word
// before it lets us sleep, and wakes us itself when the other end goes
// (a close unmaps pages, an exit frees them).
static int
pipe_sleep(struct Fd *fd, struct Pipe *p, volatile uint32_t *word, uint32_t seen)
{
	int closed;

	__atomic_add_fetch(&p->p_sleepers, 1, __ATOMIC_SEQ_CST);
	closed = sys_pipe_wait(word, seen, fd) == 1;
	__atomic_sub_fetch(&p->p_sleepers, 1, __ATOMIC_SEQ_CST);
	return closed;
}

// Bytes moved: whoever sleeps on the other end may go on.
static void
pipe_wake(struct Pipe *p)
{
	if (p->p_sleepers)
		sys_pipe_wake(p);
}

// Reads what is there, up to n bytes; waits only while the pipe is empty.
// Returns 0 once the pipe is empty and its write end closed.
static ssize_t
devpipe_read(struct Fd *fd, void *vbuf, size_t n)
{
	struct Pipe *p = (struct Pipe *) fd2data(fd);
	uint8_t *buf = vbuf;
	uint32_t rpos, avail, off, chunk;
	size_t i = 0;

	while (i < n) {
		rpos = p->p_rpos;
		avail = p->p_wpos - rpos;
		if (avail == 0) {
			if (i > 0)
				break;
			if (pipe_sleep(fd, p, &p->p_wpos, rpos)) {
				// Bytes written just before the close count.
				if (p->p_wpos != p->p_rpos)
					continue;
				return 0;
			}
			continue;
		}
		off = rpos % PIPEBUFSIZ;
		chunk = MIN(MIN(avail, n - i), PIPEBUFSIZ - off);
		memmove(buf + i, &p->p_buf[off], chunk);
		p->p_rpos = rpos + chunk;
		i += chunk;
	}
	pipe_wake(p);
	return i;
}

// Writes all n bytes, waiting for room as needed. If the read end is
// closed: the bytes written before that, or -E_PIPE if none were.
static ssize_t
devpipe_write(struct Fd *fd, const void *vbuf, size_t n)
{
	struct Pipe *p = (struct Pipe *) fd2data(fd);
	const uint8_t *buf = vbuf;
	uint32_t wpos, room, off, chunk;
	size_t i = 0;

	if (_pipeisclosed(fd, p))
		return -E_PIPE;
	while (i < n) {
		wpos = p->p_wpos;
		room = PIPEBUFSIZ - (wpos - p->p_rpos);
		if (room == 0) {
			pipe_wake(p);
			if (pipe_sleep(fd, p, &p->p_rpos, wpos - PIPEBUFSIZ))
				return i ? i : -E_PIPE;
			continue;
		}
		off = wpos % PIPEBUFSIZ;
		chunk = MIN(MIN(room, n - i), PIPEBUFSIZ - off);
		memmove(&p->p_buf[off], buf + i, chunk);
		p->p_wpos = wpos + chunk;
		i += chunk;
	}
	pipe_wake(p);
	return i;
}

static int
devpipe_stat(struct Fd *fd, struct Stat *st)
{
	struct Pipe *p = (struct Pipe *) fd2data(fd);

	strcpy(st->st_name, "<pipe>");
	st->st_size = p->p_wpos - p->p_rpos;
	return 0;
}

// The descriptor page goes before the data page (see the top). Unmapping
// the data page wakes the other end if it sleeps.
static int
devpipe_close(struct Fd *fd)
{
	(void) sys_page_unmap(0, fd);
	return sys_page_unmap(0, fd2data(fd));
}

struct Dev devpipe = {
	.dev_id = 'p',
	.dev_name = "pipe",
	.dev_read = devpipe_read,
	.dev_write = devpipe_write,
	.dev_close = devpipe_close,
	.dev_stat = devpipe_stat,
};
