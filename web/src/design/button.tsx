import { type ButtonHTMLAttributes, forwardRef } from 'react';
import { Link, type LinkProps } from 'react-router';

export type ButtonVariant = 'default' | 'primary' | 'danger' | 'ghost';

function classes(variant: ButtonVariant, small: boolean | undefined, extra?: string): string {
  return ['btn', variant !== 'default' && `btn--${variant}`, small && 'btn--small', extra]
    .filter(Boolean)
    .join(' ');
}

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  small?: boolean;
  /** Shows the work in progress and refuses clicks, keeping the button focusable. */
  busy?: boolean;
}

export const Button = forwardRef<HTMLButtonElement, ButtonProps>(function Button(
  {
    variant = 'default',
    small,
    busy,
    className,
    type = 'button',
    disabled,
    onClick,
    children,
    ...rest
  },
  ref,
) {
  return (
    <button
      ref={ref}
      type={type}
      className={classes(variant, small, className)}
      disabled={disabled}
      aria-disabled={busy || undefined}
      aria-busy={busy || undefined}
      onClick={busy ? (event) => event.preventDefault() : onClick}
      {...rest}
    >
      {children}
    </button>
  );
});

export interface ButtonLinkProps extends LinkProps {
  variant?: ButtonVariant;
  small?: boolean;
}

/** A link that looks like a button (navigation stays a link for screen readers). */
export function ButtonLink({ variant = 'default', small, className, ...rest }: ButtonLinkProps) {
  return <Link className={classes(variant, small, className)} {...rest} />;
}
