// Warns before leaving a page with unsaved edits: in-app navigation (router blocker) and closing the tab.
import { useEffect } from 'react';
import { App } from 'antd';
import { useBlocker } from 'react-router';
import { useT } from '../i18n';

export function useUnsavedGuard(dirty: boolean): void {
  const t = useT();
  const { modal } = App.useApp();
  const blocker = useBlocker(({ currentLocation, nextLocation }) => dirty && currentLocation.pathname !== nextLocation.pathname);

  useEffect(() => {
    if (blocker.state !== 'blocked') return;
    modal.confirm({
      title: t('common.unsavedTitle'),
      content: t('common.unsavedText'),
      okText: t('common.discard'),
      okButtonProps: { danger: true },
      cancelText: t('common.keepEditing'),
      onOk: () => blocker.proceed(),
      onCancel: () => blocker.reset(),
    });
  }, [blocker, modal, t]);

  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);
}

/** Asks before throwing away edits (closing a drawer, switching a tab); resolves true to go on. */
export function useConfirmDiscard(): (dirty: boolean) => Promise<boolean> {
  const t = useT();
  const { modal } = App.useApp();
  return (dirty) =>
    dirty
      ? new Promise((resolve) =>
          modal.confirm({
            title: t('common.unsavedTitle'),
            content: t('common.unsavedText'),
            okText: t('common.discard'),
            okButtonProps: { danger: true },
            cancelText: t('common.keepEditing'),
            onOk: () => resolve(true),
            onCancel: () => resolve(false),
          }),
        )
      : Promise.resolve(true);
}
