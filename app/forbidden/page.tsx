import Link from "next/link";

export default function ForbiddenPage() {
  return (
    <main className="mx-auto max-w-md p-8 text-center">
      <h1 className="mb-2 text-xl font-semibold">Not allowed</h1>
      <p className="mb-4 text-sm text-slate-600">Your role in this organisation does not allow this page.</p>
      <Link className="text-brand underline" href="/phonebooks">
        Back to phone books
      </Link>
    </main>
  );
}
