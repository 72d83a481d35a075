"""Every classroom server: kernels talk to their server over Unix sockets in the owner's runtime
folder, never loopback TCP. A kernel's IOPub socket is a ZMQ PUB socket that any local process
reaching its port can subscribe to without the key: on TCP one participant could read every line
another one runs."""
c = get_config()  # noqa: F821  (injected by traitlets)

c.KernelManager.transport = "ipc"
