/**
 * Toasts on Radix Toast (a live region; F8 jumps to them). `useToast()` gives
 * `toast({ title, tone })` to any component under <ToastProvider>.
 */
import * as ToastPrimitive from '@radix-ui/react-toast';
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';

export interface ToastMessage {
  title: string;
  description?: string;
  tone?: 'success' | 'danger';
}

type ShowToast = (message: ToastMessage) => void;
const ToastContext = createContext<ShowToast>(() => undefined);

export function useToast(): ShowToast {
  return useContext(ToastContext);
}

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<(ToastMessage & { id: number })[]>([]);
  const show = useCallback<ShowToast>((message) => {
    setToasts((current) => [...current.slice(-2), { ...message, id: Date.now() + Math.random() }]);
  }, []);
  const value = useMemo(() => show, [show]);
  return (
    <ToastContext.Provider value={value}>
      <ToastPrimitive.Provider swipeDirection="right" duration={6000} label="Notification">
        {children}
        {toasts.map((toast) => (
          <ToastPrimitive.Root
            key={toast.id}
            className={toast.tone === 'danger' ? 'toast toast--danger' : 'toast'}
            type={toast.tone === 'danger' ? 'foreground' : 'background'}
            onOpenChange={(open) => {
              if (!open) setToasts((current) => current.filter((t) => t.id !== toast.id));
            }}
          >
            <div>
              <ToastPrimitive.Title className="toast__title">{toast.title}</ToastPrimitive.Title>
              {toast.description && (
                <ToastPrimitive.Description>{toast.description}</ToastPrimitive.Description>
              )}
            </div>
            <ToastPrimitive.Close className="btn btn--ghost btn--small" aria-label="Dismiss">
              ×
            </ToastPrimitive.Close>
          </ToastPrimitive.Root>
        ))}
        <ToastPrimitive.Viewport className="toast-viewport" />
      </ToastPrimitive.Provider>
    </ToastContext.Provider>
  );
}
