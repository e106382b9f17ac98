// Images and files the agent attaches: uploaded with progress, then sent as their message element.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { MsgElement } from '../api/types';
import { uploadFile, type UploadHandle, type UploadKind } from '../api/upload';

export interface Upload {
  id: number;
  name: string;
  kind: UploadKind;
  progress: number;
  error?: unknown;
}

const MAX_BYTES: Record<UploadKind, number> = { image: 10 * 1024 * 1024, file: 20 * 1024 * 1024 };
let nextId = 1;

export function useUploads(send: (body: MsgElement[]) => Promise<unknown>, onTooLarge: (kind: UploadKind) => void) {
  const [uploads, setUploads] = useState<Upload[]>([]);
  const handles = useRef(new Map<number, UploadHandle>());
  useEffect(() => () => handles.current.forEach((handle) => handle.cancel()), []);

  const change = (id: number, patch: Partial<Upload>) => setUploads((list) => list.map((u) => (u.id === id ? { ...u, ...patch } : u)));
  const remove = (id: number) => {
    handles.current.delete(id);
    setUploads((list) => list.filter((u) => u.id !== id));
  };

  const start = (file: File, kind: UploadKind) => {
    if (file.size > MAX_BYTES[kind]) return onTooLarge(kind); // the server would refuse it after the whole upload
    const id = nextId++;
    setUploads((list) => [...list, { id, name: file.name, kind, progress: 0 }]);
    const handle = uploadFile(file, kind, (progress) => change(id, { progress }));
    handles.current.set(id, handle);
    handle.done.then(
      (result) => {
        remove(id);
        // A failed send shows on its chat line, with a retry.
        void send([result.element]).catch(() => undefined);
      },
      (error) => change(id, { error }),
    );
  };

  const cancel = (id: number) => {
    handles.current.get(id)?.cancel();
    remove(id);
  };

  return { uploads, start, cancel };
}
