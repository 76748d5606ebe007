/** /design: every component of the design system in every state, in the current theme. */
import { useState } from 'react';
import { Button, ButtonLink } from './button';
import { ConfirmDialog, Dialog, DialogClose } from './dialog';
import { Alert, Badge, EmptyState, Loading, Skeleton } from './feedback';
import { Checkbox, SelectField, TextArea, TextField } from './field';
import { Tabs } from './tabs';
import { useToast } from './toast';

const SWATCHES = [
  'bg',
  'surface',
  'surface-2',
  'border',
  'text',
  'text-muted',
  'primary',
  'danger',
  'success',
  'warning',
  'info',
];

export default function DesignScreen() {
  const [dialog, setDialog] = useState(false);
  const [confirm, setConfirm] = useState(false);
  const toast = useToast();
  return (
    <>
      <div className="page-head">
        <h1>Design system</h1>
      </div>
      <div className="stack">
        <section className="card" aria-labelledby="d-colours">
          <h2 id="d-colours">Colour tokens</h2>
          <div className="swatches">
            {SWATCHES.map((name) => (
              <div key={name} className={`swatch swatch--${name}`}>
                --color-{name}
              </div>
            ))}
          </div>
        </section>
        <section className="card" aria-labelledby="d-buttons">
          <h2 id="d-buttons">Buttons</h2>
          <div className="actions">
            <Button variant="primary">Primary</Button>
            <Button>Default</Button>
            <Button variant="danger">Danger</Button>
            <Button variant="ghost">Ghost</Button>
            <Button small>Small</Button>
            <Button busy variant="primary">
              Saving…
            </Button>
            <Button disabled>Disabled</Button>
            <ButtonLink to="/customers">Link as button</ButtonLink>
          </div>
        </section>
        <section className="card" aria-labelledby="d-fields">
          <h2 id="d-fields">Fields</h2>
          <div className="form-grid">
            <TextField label="Text" placeholder="Placeholder" />
            <TextField label="With hint" hint="A hint below the field" />
            <TextField
              label="With error"
              defaultValue="not an email"
              error="Enter an email address like name@example.com."
            />
            <TextField label="Disabled" disabled defaultValue="Read only" />
            <SelectField
              label="Select"
              options={[
                { value: 'a', label: 'Option A' },
                { value: 'b', label: 'Option B' },
              ]}
            />
            <TextArea label="Text area" />
          </div>
          <Checkbox label="Checkbox" />
        </section>
        <section className="card" aria-labelledby="d-badges">
          <h2 id="d-badges">Badges and alerts</h2>
          <div className="actions">
            <Badge>Neutral</Badge>
            <Badge tone="success">Completed</Badge>
            <Badge tone="warning">Pending</Badge>
            <Badge tone="info">In production</Badge>
            <Badge tone="danger">Failed</Badge>
          </div>
          <div className="card-gap" />
          <Alert tone="info" title="Info">
            <p>Something worth knowing.</p>
          </Alert>
          <Alert tone="success" title="Success" />
          <Alert tone="warning" title="Warning" />
          <Alert tone="danger" title="Error">
            <p>Something went wrong.</p>
          </Alert>
        </section>
        <section className="card" aria-labelledby="d-table">
          <h2 id="d-table">Table</h2>
          <div className="table-wrap">
            <table className="table table--responsive" aria-label="Example">
              <thead>
                <tr>
                  <th scope="col">Company</th>
                  <th scope="col">Contact</th>
                  <th scope="col" className="num">
                    Orders
                  </th>
                </tr>
              </thead>
              <tbody>
                <tr>
                  <td className="cell--title" data-label="Company">
                    The Coffee House
                  </td>
                  <td data-label="Contact">John Smith</td>
                  <td className="num" data-label="Orders">
                    3
                  </td>
                </tr>
                <tr>
                  <td className="cell--title" data-label="Company">
                    Stitch &amp; Co
                  </td>
                  <td data-label="Contact">Ana Lima</td>
                  <td className="num" data-label="Orders">
                    12
                  </td>
                </tr>
              </tbody>
            </table>
          </div>
        </section>
        <section className="card" aria-labelledby="d-tabs">
          <h2 id="d-tabs">Tabs</h2>
          <Tabs
            label="Example tabs"
            items={[
              { value: 'one', label: 'First', content: <p>First panel</p> },
              { value: 'two', label: 'Second', content: <p>Second panel</p> },
            ]}
          />
        </section>
        <section className="card" aria-labelledby="d-overlays">
          <h2 id="d-overlays">Dialog, confirmation, toast</h2>
          <div className="actions">
            <Button onClick={() => setDialog(true)}>Open dialog</Button>
            <Button onClick={() => setConfirm(true)}>Open confirmation</Button>
            <Button onClick={() => toast({ title: 'Saved', description: 'A success toast.' })}>
              Show toast
            </Button>
            <Button
              onClick={() =>
                toast({ title: 'Failed', description: 'An error toast.', tone: 'danger' })
              }
            >
              Show error toast
            </Button>
          </div>
        </section>
        <section className="card" aria-labelledby="d-empty">
          <h2 id="d-empty">Empty state, skeleton, loading</h2>
          <EmptyState
            title="Nothing here yet"
            actions={<Button variant="primary">Create one</Button>}
          >
            A short sentence saying what to do.
          </EmptyState>
          <div className="card-gap" />
          <Skeleton lines={3} />
          <Loading label="Loading example" lines={1} />
        </section>
      </div>
      <Dialog
        open={dialog}
        onOpenChange={setDialog}
        title="A dialog"
        description="Focus is trapped inside; Escape closes it."
      >
        <TextField label="A field in a dialog" />
        <div className="dialog__actions">
          <DialogClose asChild>
            <Button variant="primary">Close</Button>
          </DialogClose>
        </div>
      </Dialog>
      <ConfirmDialog
        open={confirm}
        onOpenChange={setConfirm}
        title="Are you sure?"
        description="A confirmation with a safe default."
        confirmLabel="Yes, do it"
        danger
        onConfirm={() => setConfirm(false)}
      />
    </>
  );
}
