// Whether the "my quick replies" dialog is open, and a version the quick-reply picker watches: every
// change made in the dialog bumps it, so an open picker fetches again and shows the change.
import { createStore } from '../state/store';
import './strings';

export const quickRepliesManagerStore = createStore({ open: false, version: 0 });

export const openQuickRepliesManager = () => quickRepliesManagerStore.set({ open: true });
export const closeQuickRepliesManager = () => quickRepliesManagerStore.set({ open: false });
export const quickRepliesChanged = () => quickRepliesManagerStore.set((s) => ({ version: s.version + 1 }));
